import { describe, expect, it } from "vitest";
import { negotiateEncoding } from "../../proxy/http/accept-encoding.js";
import type { Encoding } from "../../proxy/http/widget-files.js";

const all: Encoding[] = ["br", "gzip", "identity"];

describe("negotiateEncoding", () => {
  it("prefers brotli, then gzip, then the file as it is", () => {
    expect(negotiateEncoding("gzip, deflate, br, zstd", all)).toBe("br");
    expect(negotiateEncoding("gzip, deflate", all)).toBe("gzip");
    expect(negotiateEncoding("deflate", all)).toBe("identity");
    expect(negotiateEncoding(undefined, all)).toBe("identity");
    expect(negotiateEncoding("", all)).toBe("identity");
  });

  it("never sends a coding the client gave q=0", () => {
    expect(negotiateEncoding("br;q=0, gzip", all)).toBe("gzip");
    expect(negotiateEncoding("br;q=0, gzip;q=0", all)).toBe("identity");
    expect(negotiateEncoding("gzip;q=0.5, br;q=0.0", all)).toBe("gzip");
  });

  it("reads * as every coding not named, and names case-insensitively", () => {
    expect(negotiateEncoding("*", all)).toBe("br");
    expect(negotiateEncoding("br;q=0, *", all)).toBe("gzip");
    expect(negotiateEncoding("*;q=0, identity", all)).toBe("identity");
    expect(negotiateEncoding("GZIP", all)).toBe("gzip");
    expect(negotiateEncoding("x-gzip", all)).toBe("gzip");
  });

  it("offers only the copies the build wrote", () => {
    expect(negotiateEncoding("br, gzip", ["gzip", "identity"])).toBe("gzip");
    expect(negotiateEncoding("br, gzip", ["identity"])).toBe("identity");
  });
});
