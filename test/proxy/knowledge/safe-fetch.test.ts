import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchRefusedError, PageFetchError } from "../../../proxy/knowledge/fetch-policy.js";
import { createSafeFetch, type Resolver } from "../../../proxy/knowledge/safe-fetch.js";
import { startForbiddenServer, startKnowledgeSite, type ForbiddenServer, type KnowledgeSite } from "../../helpers/knowledge-site.js";

let site: KnowledgeSite;
let forbidden: ForbiddenServer;
beforeAll(async () => {
  forbidden = await startForbiddenServer();
  site = await startKnowledgeSite(forbidden.origin);
});
afterAll(async () => {
  // The server every test here must leave alone.
  expect(forbidden.connections()).toBe(0);
  await site.close();
  await forbidden.close();
});

const resolved: string[] = [];
// No test reaches a real DNS server: names resolve as the test says.
const resolver =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    resolved.push(hostname);
    return (table[hostname] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
const safeFetch = (options: Parameters<typeof createSafeFetch>[0] = {}) => createSafeFetch({ resolve: resolver({}), timeoutMs: 500, ...options });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as PageFetchError);

describe("safe fetch", () => {
  it("fetches a page of an allowed origin, sending no cookie and keeping none", async () => {
    const fetch = safeFetch();
    const first = await fetch.get(site.url("/pricing.html"), [site.origin]);
    expect(first.status).toBe(200);
    expect(first.body).toContain("The Kettle Pro costs $129.");
    await fetch.get(site.url("/pricing.html"), [site.origin]);
    const headers = site.requests.filter((request) => request.path === "/pricing.html").map((request) => request.headers);
    expect(headers).toHaveLength(2);
    expect(headers.every((header) => header.cookie === undefined && header.authorization === undefined)).toBe(true);
  });

  it("follows a redirect within the origins", async () => {
    const page = await safeFetch().get(site.url("/old-pricing"), [site.origin]);
    expect(page.url).toBe(site.url("/pricing.html"));
  });

  it("refuses a redirect to another origin without contacting it", async () => {
    const error = await failure(safeFetch().get(site.url("/away"), [site.origin]));
    expect(error).toBeInstanceOf(FetchRefusedError);
    expect(error?.reason).toBe("not on the site's origins");
    expect(forbidden.connections()).toBe(0);
  });

  it("stops after three redirects", async () => {
    expect((await failure(safeFetch().get(site.url("/loop"), [site.origin])))?.reason).toBe("more than 3 redirects");
  });

  it("aborts a page larger than 1 MiB", async () => {
    const error = await failure(safeFetch().get(site.url("/huge.html"), [site.origin]));
    expect(error?.reason).toBe("larger than 1 MiB");
  });

  it("gives up on a page that does not answer in time", async () => {
    const error = await failure(safeFetch({ timeoutMs: 200 }).get(site.url("/hang.html"), [site.origin]));
    expect(error?.reason).toBe("no complete answer within 0.2 s");
  });

  it("revalidates with the ETag: 304 and no body when unchanged", async () => {
    const fetch = safeFetch();
    const first = await fetch.get(site.url("/returns.html"), [site.origin]);
    const again = await fetch.get(site.url("/returns.html"), [site.origin], { etag: first.etag, lastModified: first.lastModified });
    expect(again).toMatchObject({ status: 304, body: "" });
    expect(site.requests.at(-1)?.headers["if-none-match"]).toBe(first.etag);
  });

  it("refuses URLs the policy refuses before connecting anywhere", async () => {
    const port = new URL(forbidden.origin).port;
    const tricks = [
      `${forbidden.origin}/`,
      `http://user:secret@${new URL(site.origin).host}/`,
      `http://127.0.0.1:${port}/`,
      `http://2130706433:${port}/`,
      `http://0x7f.0.0.1:${port}/`,
      `http://0177.0.0.01:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://localhost:${port}/`,
      `${site.origin}@127.0.0.1:${port}/`,
    ];
    for (const url of tricks) {
      expect(await failure(safeFetch().get(url, [site.origin]))).toBeInstanceOf(FetchRefusedError);
    }
    expect(forbidden.connections()).toBe(0);
  });

  it("connects to the address a name was checked at: localhost resolving to loopback reaches the site", async () => {
    const port = new URL(site.origin).port;
    const fetch = safeFetch({ resolve: resolver({ localhost: ["127.0.0.1"] }) });
    const page = await fetch.get(`http://localhost:${port}/warranty.html`, [`http://localhost:${port}`]);
    expect(page.body).toContain("two-year warranty");
    expect(site.requests.at(-1)?.headers.host).toBe(`localhost:${port}`);
  });

  it("refuses a name of an allowed origin that resolves to a private or loopback address", async () => {
    const port = new URL(forbidden.origin).port;
    resolved.length = 0;
    for (const address of ["127.0.0.1", "10.0.0.7", "169.254.169.254", "::1"]) {
      const fetch = safeFetch({ resolve: resolver({ "shop.test": [address] }) });
      const error = await failure(fetch.get(`http://shop.test:${port}/`, [`http://shop.test:${port}`]));
      expect(error).toBeInstanceOf(FetchRefusedError);
      expect(error?.reason).toContain(`resolves to ${address}`);
    }
    expect(resolved).toEqual(["shop.test", "shop.test", "shop.test", "shop.test"]);
    // localhost is only ever loopback.
    const fetch = safeFetch({ resolve: resolver({ localhost: ["10.0.0.7"] }) });
    expect(await failure(fetch.get(`http://localhost:${port}/`, [`http://localhost:${port}`]))).toBeInstanceOf(FetchRefusedError);
    expect(forbidden.connections()).toBe(0);
  });

  it("refuses a name that does not resolve", async () => {
    const error = await failure(safeFetch().get("https://nowhere.test/", ["https://nowhere.test"]));
    expect(error?.reason).toBe("its host name does not resolve");
  });
});
