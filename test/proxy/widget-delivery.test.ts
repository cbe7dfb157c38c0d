// The built widget as browsers get it from the proxy (`npm test` builds dist/widget first).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../proxy/config.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

const { widgetDir } = parseConfig({});
let app: TestApp;

beforeAll(async () => {
  if (!existsSync(join(widgetDir, "widget.js"))) throw new Error("dist/widget is missing: run `npm run build` (npm test does) first");
  app = await startTestApp({ config: { widgetDir } });
});
afterAll(() => app.close());

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http rather than fetch, which would decode the body and choose Accept-Encoding itself. */
function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${app.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const built = (path: string) => readFileSync(join(widgetDir, path));
const scripts = readdirSync(widgetDir, { recursive: true, encoding: "utf8" })
  .filter((path) => path.endsWith(".js"))
  .map((path) => `/${path.split("\\").join("/")}`);
const panelChunk = () => scripts.find((path) => path.startsWith("/chunks/panel-"))!;

describe("widget delivery", () => {
  it("sends widget.js brotli-compressed to a browser that accepts br, decoding to the built file", async () => {
    const response = await get("/widget.js", { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(Number(response.headers["content-length"])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(built("widget.js").length / 2);
    expect(brotliDecompressSync(response.body).equals(built("widget.js"))).toBe(true);
  });

  it("sends gzip where brotli is not accepted, and the file as it is where nothing is", async () => {
    const gzip = await get("/widget.js", { "accept-encoding": "gzip, br;q=0" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).equals(built("widget.js"))).toBe(true);

    const plain = await get("/widget.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.equals(built("widget.js"))).toBe(true);
    expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
  });

  it("has a brotli and a gzip copy of every file the build wrote, each decoding to it", async () => {
    expect(scripts.length).toBeGreaterThan(1);
    for (const path of scripts) {
      const file = built(path.slice(1));
      const br = await get(path, { "accept-encoding": "br" });
      const gzip = await get(path, { "accept-encoding": "gzip" });
      expect([path, br.headers["content-encoding"], gzip.headers["content-encoding"]]).toEqual([path, "br", "gzip"]);
      expect(brotliDecompressSync(br.body).equals(file)).toBe(true);
      expect(gunzipSync(gzip.body).equals(file)).toBe(true);
    }
  });

  it("says the answer varies by Accept-Encoding, with a strong ETag of its own per encoding", async () => {
    const answers = await Promise.all(["br", "gzip", "identity"].map((encoding) => get("/widget.js", { "accept-encoding": encoding })));
    const etags = answers.map((response) => response.headers.etag as string);
    for (const response of answers) expect(response.headers.vary).toBe("Accept-Encoding");
    for (const etag of etags) expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(new Set(etags).size).toBe(3);
  });

  it("answers 304 without a body when If-None-Match names the variant's ETag, and 200 for another", async () => {
    const first = await get("/widget.js", { "accept-encoding": "br" });
    const etag = first.headers.etag as string;
    const again = await get("/widget.js", { "accept-encoding": "br", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers.vary).toBe("Accept-Encoding");
    expect(again.headers["cache-control"]).toBe("public, max-age=300");
    expect((await get("/widget.js", { "accept-encoding": "br", "if-none-match": `"other", W/${etag}` })).status).toBe(304);
    // The gzip copy is another representation: the brotli ETag does not validate it.
    expect((await get("/widget.js", { "accept-encoding": "gzip", "if-none-match": etag })).status).toBe(200);
  });

  it("keeps widget.js five minutes and the hashed chunks for good, loadable from other sites", async () => {
    const loader = await get("/widget.js", { "accept-encoding": "br" });
    const chunk = await get(panelChunk(), { "accept-encoding": "br" });
    expect(loader.headers["cache-control"]).toBe("public, max-age=300");
    expect(chunk.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    for (const response of [loader, chunk]) {
      expect(response.headers["cross-origin-resource-policy"]).toBe("cross-origin");
      expect(response.headers["access-control-allow-origin"]).toBe("*");
      expect(response.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    }
  });

  it("answers HEAD with the headers and no body", async () => {
    const response = await get("/widget.js", { "accept-encoding": "br" }, "HEAD");
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(0);
    expect(Number(response.headers["content-length"])).toBe(built("widget.js.br").length);
  });

  it("never serves the compressed copies under their own names", async () => {
    expect((await get("/widget.js.br")).status).toBe(404);
  });
});
