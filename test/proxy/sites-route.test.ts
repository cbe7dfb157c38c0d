import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sealSecret } from "../../proxy/sites/secret-box.js";
import { startTestApp, TEST_GROQ_KEY, type TestApp } from "../helpers/app.js";
import { errorBody, postChat, streamChat } from "../helpers/chat-client.js";
import { testSite, TEST_MASTER_KEY } from "../helpers/sites.js";

let app: TestApp;
afterEach(() => app.close());

const chat = (sessionId = "s1", message = "Hello?") => ({ message, sessionId });
const history = (sessionId: string, headers: Record<string, string>) =>
  fetch(`${app.url}/api/history?sessionId=${sessionId}`, { headers }).then((response) => response.json() as Promise<{ messages: unknown[] }>);

describe("choosing the site", () => {
  it("returns 404 UNKNOWN_SITE for an X-Site-Id no site has, and reaches no model", async () => {
    app = await startTestApp();
    const response = await postChat(app.url, chat(), { "x-site-id": "site_nope" });
    expect(response.status).toBe(404);
    expect((await errorBody(response)).code).toBe("UNKNOWN_SITE");
    expect(app.groq.requests).toHaveLength(0);
  });

  it("returns 403 SITE_DISABLED for a disabled site, with CORS headers so the widget can read why", async () => {
    const shop = testSite({ enabled: false, allowedOrigins: ["https://shop.example"] });
    app = await startTestApp({ sites: [shop.stored] });
    const response = await postChat(app.url, chat(), { ...shop.widget, origin: "https://shop.example" });
    expect(response.status).toBe(403);
    expect((await errorBody(response)).code).toBe("SITE_DISABLED");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(app.groq.requests).toHaveLength(0);
    // Counted once the answer has gone out.
    await vi.waitFor(() => expect(app.usage.series(shop.stored.id, 1)[0]!.refusedByCode).toEqual({ SITE_DISABLED: 1 }));
  });

  it("lets a disabled site's own pages read SITE_DISABLED when ALLOWED_ORIGINS lists only others", async () => {
    const shop = testSite({ enabled: false, allowedOrigins: ["https://shop.example"] });
    app = await startTestApp({ sites: [shop.stored], config: { allowedOrigins: ["https://env.example"] } });
    const preflight = await fetch(`${app.url}/api/chat`, {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-site-id" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const response = await postChat(app.url, chat(), { ...shop.widget, origin: "https://shop.example" });
    expect((await errorBody(response)).code).toBe("SITE_DISABLED");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example");
  });

  it("applies a disabled site within one refresh of sites.json, without a restart", async () => {
    const shop = testSite();
    app = await startTestApp({ sites: [shop.stored] });
    expect((await postChat(app.url, chat(), shop.widget)).status).toBe(200);
    await writeFile(join(app.dataDir, "sites.json"), JSON.stringify({ sites: [{ ...shop.stored, enabled: false, name: "changed" }] }));
    await app.sites.refresh();
    expect((await errorBody(await postChat(app.url, chat(), shop.widget))).code).toBe("SITE_DISABLED");
  });

  it("applies the site's origins, model and system prompt", async () => {
    const shop = testSite({ allowedOrigins: ["https://shop.example"], model: "llama-3.1-8b-instant", systemPrompt: "You sell shoes." });
    app = await startTestApp({ sites: [shop.stored], config: { allowedOrigins: ["https://env.example"] } });
    const refused = await postChat(app.url, chat(), { ...shop.widget, origin: "https://env.example" });
    expect((await errorBody(refused)).code).toBe("ORIGIN_NOT_ALLOWED");
    const accepted = await postChat(app.url, chat(), { ...shop.widget, origin: "https://shop.example" });
    expect(accepted.status).toBe(200);
    expect(app.groq.requests[0]!.body.model).toBe("llama-3.1-8b-instant");
    expect(app.groq.requests[0]!.body.messages[0]).toEqual({ role: "system", content: "You sell shoes." });
    const models = (await (await fetch(`${app.url}/api/models`, { headers: shop.widget })).json()) as { active: string };
    expect(models.active).toBe("llama-3.1-8b-instant");
  });

  it("answers a preflight from any site's origin (a preflight carries no X-Site-Id)", async () => {
    const shop = testSite({ allowedOrigins: ["https://shop.example"] });
    app = await startTestApp({ sites: [shop.stored], config: { allowedOrigins: ["https://env.example"] } });
    const preflight = (origin: string) =>
      fetch(`${app.url}/api/chat`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
    expect((await preflight("https://shop.example")).status).toBe(204);
    expect((await preflight("https://env.example")).status).toBe(204);
    expect((await preflight("https://evil.example")).status).toBe(403);
  });

  it("calls Groq with the site's own key when it has one", async () => {
    const shop = testSite({ groqKey: sealSecret("gsk_shop_own_key", TEST_MASTER_KEY) });
    app = await startTestApp({ sites: [shop.stored], config: { masterKey: TEST_MASTER_KEY } });
    await postChat(app.url, chat(), shop.widget);
    await postChat(app.url, chat("s2"));
    expect(app.groq.requests[0]!.headers.authorization).toBe("Bearer gsk_shop_own_key");
    expect(app.groq.requests[1]!.headers.authorization).toBe(`Bearer ${TEST_GROQ_KEY}`);
  });
});

describe("server keys (X-API-Key)", () => {
  it("returns 401 INVALID_API_KEY for a malformed key and for a wrong one", async () => {
    const shop = testSite();
    app = await startTestApp({ sites: [shop.stored] });
    for (const key of ["cwk_short", testSite().key]) {
      const response = await postChat(app.url, chat(), { "x-api-key": key });
      expect(response.status).toBe(401);
      expect((await errorBody(response)).code).toBe("INVALID_API_KEY");
    }
    const otherSite = await postChat(app.url, chat(), { "x-api-key": testSite().key, ...shop.widget });
    expect((await errorBody(otherSite)).code).toBe("INVALID_API_KEY");
    expect(app.groq.requests).toHaveLength(0);
  });

  it("a keyed call skips the origin check", async () => {
    const shop = testSite({ allowedOrigins: ["https://shop.example"] });
    app = await startTestApp({ sites: [shop.stored] });
    const response = await postChat(app.url, chat(), { ...shop.backend, origin: "https://elsewhere.example" });
    expect(response.status).toBe(200);
    // The log line says which site and that it was keyed, never the key.
    await vi.waitFor(() => expect(app.logs.some((line) => line.includes(`"siteId":"${shop.stored.id}","keyed":true`))).toBe(true));
    expect(app.logs.join("\n")).not.toContain(shop.key);
  });

  it("a keyed call skips the per-IP minute and visitor limits but counts against the site's daily quota", async () => {
    const shop = testSite({ rateLimitPerMinute: 1, visitorDailyQuota: 1, dailyQuota: 3 });
    app = await startTestApp({ sites: [shop.stored] });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await postChat(app.url, chat(`s${i}`), shop.backend)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const last = await postChat(app.url, chat(), shop.backend);
    expect((await errorBody(last)).details).toMatchObject({ scope: "site", limit: 3 });
  });

  it("returns 403 SITE_DISABLED for a disabled site's key", async () => {
    const shop = testSite({ enabled: false });
    app = await startTestApp({ sites: [shop.stored] });
    expect((await errorBody(await postChat(app.url, chat(), shop.backend))).code).toBe("SITE_DISABLED");
  });
});

describe("per-site quotas", () => {
  it("counts each site's daily quota on its own", async () => {
    const one = testSite({ dailyQuota: 1 });
    const two = testSite({ dailyQuota: 1 });
    app = await startTestApp({ sites: [one.stored, two.stored] });
    expect((await postChat(app.url, chat(), one.widget)).status).toBe(200);
    expect((await postChat(app.url, chat(), two.widget)).status).toBe(200);
    expect((await postChat(app.url, chat())).status).toBe(200);
    const refused = await postChat(app.url, chat(), one.widget);
    expect(refused.status).toBe(429);
    expect((await errorBody(refused)).details).toMatchObject({ scope: "site", limit: 1 });
  });

  it("uses the site's own per-minute limit", async () => {
    const shop = testSite({ rateLimitPerMinute: 1 });
    app = await startTestApp({ sites: [shop.stored], config: { rateLimitPerMinute: 100 } });
    expect((await postChat(app.url, chat(), shop.widget)).status).toBe(200);
    const refused = await postChat(app.url, chat(), shop.widget);
    expect(refused.status).toBe(429);
    expect((await errorBody(refused)).details).toMatchObject({ scope: "minute", limit: 1 });
    expect((await postChat(app.url, chat())).status).toBe(200);
  });

  it("counts a visitor's daily quota per site", async () => {
    const one = testSite({ visitorDailyQuota: 1 });
    const two = testSite({ visitorDailyQuota: 1 });
    app = await startTestApp({ sites: [one.stored, two.stored] });
    expect((await postChat(app.url, chat(), one.widget)).status).toBe(200);
    expect((await postChat(app.url, chat(), two.widget)).status).toBe(200);
    expect((await errorBody(await postChat(app.url, chat(), one.widget))).details).toMatchObject({ scope: "visitor" });
  });

  it("returns 403 CREDITS_EXHAUSTED once the monthly token budget is spent, before calling the model", async () => {
    const shop = testSite({ monthlyTokenBudget: 1 });
    app = await startTestApp({ sites: [shop.stored] });
    expect((await postChat(app.url, chat(), shop.widget)).status).toBe(200);
    const refused = await streamChat(app.url, chat(), shop.widget);
    expect(refused.status).toBe(403);
    const body = await errorBody(refused);
    expect(body.code).toBe("CREDITS_EXHAUSTED");
    expect(body.details).toMatchObject({ limit: 1, resetAt: "2030-02-01T00:00:00.000Z" });
    expect(app.groq.requests).toHaveLength(1);
    app.clock.set("2030-02-01T00:00:01.000Z");
    expect((await postChat(app.url, chat(), shop.widget)).status).toBe(200);
  });
});

describe("conversations belong to their site", () => {
  it("another site's id or key never reads or deletes them", async () => {
    const one = testSite();
    const two = testSite();
    app = await startTestApp({ sites: [one.stored, two.stored] });
    await postChat(app.url, chat("shared"), one.widget);
    expect((await history("shared", one.widget)).messages).toHaveLength(2);
    expect((await history("shared", one.backend)).messages).toHaveLength(2);
    expect((await history("shared", two.widget)).messages).toEqual([]);
    expect((await history("shared", two.backend)).messages).toEqual([]);
    expect((await history("shared", {})).messages).toEqual([]);
    await fetch(`${app.url}/api/history?sessionId=shared`, { method: "DELETE", headers: two.widget });
    expect((await history("shared", one.widget)).messages).toHaveLength(2);
  });

  it("keeps the default site's conversations under their bare sessionId, as before sites", async () => {
    app = await startTestApp();
    await postChat(app.url, chat("plain"));
    expect([...app.store.threads.keys()]).toEqual(["plain"]);
  });
});
