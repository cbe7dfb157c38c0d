import { describe, expect, it } from "vitest";
import { addressKind, checkResolved, checkUrl, FetchRefusedError, normaliseOrigins } from "../../../proxy/knowledge/fetch-policy.js";

const allowed = normaliseOrigins(["http://127.0.0.1:8080", "https://shop.example.com", "http://[::1]:9000"]);
const reason = (url: string) => {
  try {
    checkUrl(url, allowed);
    return "allowed";
  } catch (error) {
    expect(error).toBeInstanceOf(FetchRefusedError);
    return (error as FetchRefusedError).reason;
  }
};

describe("the URL policy", () => {
  it("allows a URL on an allowed origin and drops its fragment", () => {
    expect(checkUrl("https://shop.example.com/pricing?plan=pro#faq", allowed).href).toBe("https://shop.example.com/pricing?plan=pro");
    expect(reason("http://127.0.0.1:8080/")).toBe("allowed");
    expect(reason("http://[::1]:9000/docs")).toBe("allowed");
  });

  it("compares origins after WHATWG normalisation: default ports, case, a trailing dot is another host", () => {
    expect(reason("https://SHOP.Example.COM:443/")).toBe("allowed");
    expect(reason("https://shop.example.com./")).toBe("not on the site's origins");
  });

  it("refuses other schemes", () => {
    for (const url of ["file:///etc/passwd", "ftp://shop.example.com/", "gopher://127.0.0.1:8080/", "data:text/html,hi", "javascript:alert(1)"]) {
      expect(reason(url)).toMatch(/not http\(s\)|not on the site's origins/);
    }
  });

  it("refuses a user name or password, even on an allowed origin", () => {
    expect(reason("https://user:pass@shop.example.com/")).toBe("has a user name or password");
    expect(reason("https://shop.example.com@127.0.0.1:8080/")).toBe("has a user name or password");
    expect(reason("http://127.0.0.1:8080@evil.test/")).toBe("has a user name or password");
  });

  it("refuses another port of an allowed host, and the other scheme", () => {
    expect(reason("http://127.0.0.1:8081/")).toBe("not on the site's origins");
    expect(reason("http://127.0.0.1/")).toBe("not on the site's origins");
    expect(reason("https://shop.example.com:8443/")).toBe("not on the site's origins");
    expect(reason("http://shop.example.com/")).toBe("not on the site's origins");
  });

  it("reads decimal, octal, hex and short IPv4 forms as the address they are", () => {
    // Each is 127.0.0.1, so on the allowed port it is the allowed origin itself…
    for (const host of ["2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "127.0.1"]) {
      expect(checkUrl(`http://${host}:8080/`, allowed).origin).toBe("http://127.0.0.1:8080");
    }
    // …and the same tricks cannot reach any other address or port.
    for (const host of ["2130706434", "0xa9.0xfe.0xa9.0xfe", "2852039166", "0177.0.0.1:22", "10.1", "0"]) {
      expect(reason(`http://${host}/`)).toBe("not on the site's origins");
    }
  });

  it("reads IPv6 forms canonically: mapped, expanded and zone forms are not the IPv4 origin", () => {
    expect(reason("http://[0:0:0:0:0:0:0:1]:9000/")).toBe("allowed");
    expect(reason("http://[::ffff:127.0.0.1]:8080/")).toBe("not on the site's origins");
    expect(reason("http://[::ffff:7f00:1]:8080/")).toBe("not on the site's origins");
    expect(reason("http://[::1]:8080/")).toBe("not on the site's origins");
    expect(reason("http://[fe80::1%25eth0]:9000/")).toMatch(/not a URL|not on the site's origins/);
  });

  it("refuses percent-encoded and unicode look-alike hosts unless they normalise to an allowed origin", () => {
    expect(reason("https://shop%2Eexample.com/")).toBe("allowed");
    expect(reason("http://127%2E0%2E0%2E1:8080/")).toBe("allowed");
    expect(reason("https://shop.exаmple.com/")).toBe("not on the site's origins"); // Cyrillic а
    expect(reason("http://127.0.0.1%00.evil.test:8080/")).toMatch(/not a URL|not on the site's origins/);
  });

  it("ignores allowed origins that are not http(s) origins", () => {
    expect([...normaliseOrigins(["ftp://x.test", "not a url", "https://a.test/path"])]).toEqual(["https://a.test"]);
  });
});

describe("resolved addresses", () => {
  const url = (href: string) => new URL(href);
  const v4 = (address: string) => ({ address, family: 4 as const });
  const v6 = (address: string) => ({ address, family: 6 as const });

  it("a name other than localhost must resolve to public addresses only", () => {
    expect(() => checkResolved(url("https://shop.example.com/"), [v4("93.184.216.34"), v6("2606:2800:220:1::1")])).not.toThrow();
    for (const address of ["127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0"]) {
      expect(() => checkResolved(url("https://shop.example.com/"), [v4("93.184.216.34"), v4(address)])).toThrow(FetchRefusedError);
    }
    for (const address of ["::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:a9fe:a9fe", "64:ff9b::a00:1", "::"]) {
      expect(() => checkResolved(url("https://shop.example.com/"), [v6(address)])).toThrow(/resolves to/);
    }
  });

  it("localhost must resolve to loopback only", () => {
    expect(() => checkResolved(url("http://localhost:8080/"), [v4("127.0.0.1"), v6("::1")])).not.toThrow();
    expect(() => checkResolved(url("http://localhost:8080/"), [v4("10.0.0.5")])).toThrow(FetchRefusedError);
    expect(() => checkResolved(url("http://localhost:8080/"), [v4("93.184.216.34")])).toThrow(FetchRefusedError);
  });

  it("a name that resolves to nothing is refused", () => {
    expect(() => checkResolved(url("https://shop.example.com/"), [])).toThrow(/does not resolve/);
  });

  it("classifies addresses", () => {
    expect(addressKind("127.8.9.10")).toBe("loopback");
    expect(addressKind("::ffff:7f00:1")).toBe("loopback");
    expect(addressKind("8.8.8.8")).toBe("public");
    expect(addressKind("224.0.0.1")).toBe("special");
    expect(addressKind("not-an-ip")).toBe("special");
  });
});
