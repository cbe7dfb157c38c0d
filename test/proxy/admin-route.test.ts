import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { errorBody } from "../helpers/chat-client.js";
import { testSite } from "../helpers/sites.js";

let app: TestApp;
afterEach(() => app.close());

const overview = (headers: Record<string, string> = {}) => fetch(`${app.url}/admin/api/overview`, { headers });

describe("/admin", () => {
  it("is not there (404) when ADMIN_TOKEN is unset", async () => {
    app = await startTestApp();
    expect((await fetch(`${app.url}/admin`)).status).toBe(404);
    expect((await overview({ authorization: "Bearer anything" })).status).toBe(404);
  });

  it("refuses the overview with 401 without the token or with a wrong one", async () => {
    app = await startTestApp({ config: { adminToken: "the-admin-token-of-24-chars" } });
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong" }, { authorization: "the-admin-token-of-24-chars" }, { authorization: "Bearer the-admin-token-of-24-chars2" }];
    for (const headers of attempts) {
      const response = await overview(headers);
      expect(response.status).toBe(401);
      expect((await errorBody(response)).code).toBe("ADMIN_UNAUTHORIZED");
    }
  });

  it("serves the page shell without data, its script external (CSP-safe)", async () => {
    app = await startTestApp({ config: { adminToken: "the-admin-token-of-24-chars" } });
    const page = await fetch(`${app.url}/admin`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/admin/admin.js" defer></script>');
    expect(html).not.toMatch(/<script>/);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect((await fetch(`${app.url}/admin/admin.js`)).status).toBe(200);
  });

  it("lists every site with its quota and 30 days of messages and tokens for the right token", async () => {
    const shop = testSite({ name: "shop", dailyQuota: 40, monthlyTokenBudget: 10_000 });
    app = await startTestApp({ sites: [shop.stored], config: { adminToken: "the-admin-token-of-24-chars" } });
    app.usage.accepted(shop.stored.id, "s1", { promptTokens: 100, completionTokens: 20 });
    app.usage.refused(shop.stored.id, "RATE_LIMITED");
    const response = await overview({ authorization: "Bearer the-admin-token-of-24-chars" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { sites: { id: string; days: unknown[] }[] };
    expect(body.sites.map((site) => site.id)).toEqual(["default", shop.stored.id]);
    const site = body.sites[1]!;
    expect(site).toMatchObject({ name: "shop", enabled: true, dailyQuota: 40, monthlyTokenBudget: 10_000, monthTokens: 120 });
    expect(site.days).toHaveLength(30);
    expect(site.days.at(-1)).toEqual({ date: "2030-01-15", messages: 1, tokens: 120, refused: 1 });
  });
});
