import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { errorBody, postChat, streamChat } from "../helpers/chat-client.js";
import { testSite } from "../helpers/sites.js";

let app: TestApp;
afterEach(() => app.close());

const chat = (sessionId = "s1") => ({ message: "Hello?", sessionId });
const from = (ip: string) => ({ "x-forwarded-for": ip });

describe("per-minute limit", () => {
  it("returns 429 RATE_LIMITED with Retry-After and details after the minute's limit", async () => {
    app = await startTestApp({ config: { rateLimitPerMinute: 2 } });
    expect((await postChat(app.url, chat())).status).toBe(200);
    expect((await postChat(app.url, chat())).status).toBe(200);
    const response = await postChat(app.url, chat());
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await errorBody(response);
    expect(body).toMatchObject({ code: "RATE_LIMITED", details: { scope: "minute", limit: 2, remaining: 0 } });
    expect(new Date(body.details!.resetAt as string).toISOString()).toBe(body.details!.resetAt);
    expect(app.groq.requests).toHaveLength(2);
  });

  it("counts minutes on the proxy's clock: resetAt a minute after the first request, a new window after it", async () => {
    app = await startTestApp({ config: { rateLimitPerMinute: 1 } });
    await postChat(app.url, chat());
    app.clock.advance(20_000);
    const response = await postChat(app.url, chat());
    expect(response.headers.get("retry-after")).toBe("40");
    expect((await errorBody(response)).details).toMatchObject({ scope: "minute", resetAt: "2030-01-15T12:01:00.000Z" });
    app.clock.advance(40_000);
    expect((await postChat(app.url, chat())).status).toBe(200);
  });

  it("puts RateLimit and RateLimit-Policy headers on every /api/chat answer", async () => {
    app = await startTestApp({ config: { rateLimitPerMinute: 1 } });
    const answers = [
      await postChat(app.url, chat()),
      await streamChat(app.url, chat()),
      await postChat(app.url, { message: "" }),
      await postChat(app.url, "not json"),
    ];
    for (const response of answers) {
      expect(response.headers.get("ratelimit-policy")).toMatch(/^"1-in-1min"; q=1; w=60; pk=/);
      expect(response.headers.get("ratelimit")).toMatch(/^"1-in-1min"; r=\d+; t=\d+$/);
    }
  });

  it("puts RateLimit headers on refusals that come before the route too: origin, unknown site, bad key, disabled site", async () => {
    const disabled = testSite({ enabled: false });
    app = await startTestApp({ config: { rateLimitPerMinute: 1, allowedOrigins: ["https://shop.example"] }, sites: [disabled.stored] });
    const answers = [
      await postChat(app.url, chat(), { origin: "https://evil.example" }),
      await postChat(app.url, chat(), { "x-site-id": "nosuchsite" }),
      await postChat(app.url, chat(), { "x-api-key": "cwk_malformed" }),
      await postChat(app.url, chat(), disabled.widget),
    ];
    expect(answers.map((response) => response.status)).toEqual([403, 404, 401, 403]);
    for (const response of answers) {
      expect(response.headers.get("ratelimit-policy")).toMatch(/^"1-in-1min"; q=1; w=60; pk=/);
      expect(response.headers.get("ratelimit")).toMatch(/^"1-in-1min"; r=\d+; t=\d+$/);
    }
    expect((await postChat(app.url, chat())).status).toBe(200);
  });

  it("counts no preflight and sends a refused one no CORS headers", async () => {
    app = await startTestApp({ config: { rateLimitPerMinute: 1, allowedOrigins: ["https://shop.example"] } });
    const preflight = (origin: string) =>
      fetch(`${app.url}/api/chat`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
    expect((await preflight("https://shop.example")).status).toBe(204);
    const refused = await preflight("https://evil.example");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect((await postChat(app.url, chat())).status).toBe(200);
  });

  it("tells a malformed request what is wrong even when over the limit", async () => {
    app = await startTestApp({ config: { rateLimitPerMinute: 1 } });
    await postChat(app.url, chat());
    const response = await postChat(app.url, { message: "" });
    expect((await errorBody(response)).code).toBe("INVALID_REQUEST");
  });

  it("counts no refused request: origin, validation, store and provider refusals cost nothing", async () => {
    app = await startTestApp({ config: { rateLimitPerMinute: 2, allowedOrigins: ["https://shop.example"] } });
    await sendRefusedRequests(app);
    expect((await postChat(app.url, chat())).status).toBe(200);
    expect((await postChat(app.url, chat())).status).toBe(200);
    expect((await errorBody(await postChat(app.url, chat()))).code).toBe("RATE_LIMITED");
  });

  it("does not let its own refusals push the window further", async () => {
    app = await startTestApp({ config: { rateLimitPerMinute: 1 } });
    await postChat(app.url, chat());
    for (let i = 0; i < 3; i++) await postChat(app.url, chat());
    const response = await postChat(app.url, chat());
    expect(response.headers.get("ratelimit")).toMatch(/r=0;/);
    expect(app.groq.requests).toHaveLength(1);
  });
});

describe("daily quotas", () => {
  it("returns 429 DAILY_QUOTA_EXCEEDED (scope visitor) after the visitor's daily quota", async () => {
    app = await startTestApp({ config: { visitorDailyQuota: 1 } });
    expect((await postChat(app.url, chat())).status).toBe(200);
    const response = await postChat(app.url, chat());
    expect(response.status).toBe(429);
    // The manual clock stands at 12:00 UTC: the day resets in twelve hours.
    expect(response.headers.get("retry-after")).toBe(String(12 * 3600));
    expect(await errorBody(response)).toMatchObject({
      code: "DAILY_QUOTA_EXCEEDED",
      details: { scope: "visitor", limit: 1, remaining: 0, resetAt: "2030-01-16T00:00:00.000Z" },
    });
    expect(app.groq.requests).toHaveLength(1);
  });

  it("returns 429 DAILY_QUOTA_EXCEEDED (scope site) after the site's daily quota, all visitors together", async () => {
    app = await startTestApp({ config: { dailyQuota: 2, trustProxy: 1 } });
    expect((await postChat(app.url, chat(), from("203.0.113.1"))).status).toBe(200);
    expect((await postChat(app.url, chat(), from("203.0.113.2"))).status).toBe(200);
    const response = await postChat(app.url, chat(), from("203.0.113.3"));
    expect(response.status).toBe(429);
    expect(await errorBody(response)).toMatchObject({ code: "DAILY_QUOTA_EXCEEDED", details: { scope: "site", limit: 2 } });
  });

  it("starts counting again on the next UTC day", async () => {
    app = await startTestApp({ config: { visitorDailyQuota: 1 } });
    await postChat(app.url, chat());
    app.clock.advance(12 * 3600_000);
    expect((await postChat(app.url, chat())).status).toBe(200);
  });

  it("charges no daily quota for refused requests", async () => {
    app = await startTestApp({ config: { visitorDailyQuota: 2, allowedOrigins: ["https://shop.example"] } });
    await sendRefusedRequests(app);
    expect((await postChat(app.url, chat())).status).toBe(200);
    expect((await postChat(app.url, chat())).status).toBe(200);
    expect((await errorBody(await postChat(app.url, chat()))).code).toBe("DAILY_QUOTA_EXCEEDED");
  });

  it("charges a stream that failed after the reply had started", async () => {
    app = await startTestApp({ config: { visitorDailyQuota: 1 } });
    app.groq.cut({ afterChunks: 1 });
    await (await streamChat(app.url, chat())).text();
    expect((await errorBody(await postChat(app.url, chat()))).code).toBe("DAILY_QUOTA_EXCEEDED");
  });

  it("admits exactly 10 of 50 concurrent requests against 10 remaining, and calls the model 10 times", async () => {
    app = await startTestApp({ config: { dailyQuota: 10 } });
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => postChat(app.url, chat(`c${i}`))));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
    expect(app.groq.requests).toHaveLength(10);
  });
});

describe("client IP", () => {
  it("ignores X-Forwarded-For when TRUST_PROXY is 0", async () => {
    app = await startTestApp({ config: { visitorDailyQuota: 1, trustProxy: 0 } });
    await postChat(app.url, chat(), from("203.0.113.1"));
    const response = await postChat(app.url, chat(), from("203.0.113.2"));
    expect((await errorBody(response)).details).toMatchObject({ scope: "visitor" });
  });

  it("takes the client IP from X-Forwarded-For behind one trusted hop", async () => {
    app = await startTestApp({ config: { visitorDailyQuota: 1, trustProxy: 1 } });
    await postChat(app.url, chat(), from("203.0.113.1"));
    expect((await postChat(app.url, chat(), from("203.0.113.2"))).status).toBe(200);
  });

  it("counts IPv6 clients of one /56 subnet as one visitor", async () => {
    app = await startTestApp({ config: { visitorDailyQuota: 1, trustProxy: 1 } });
    await postChat(app.url, chat(), from("2001:db8:1:100::1"));
    const sameSubnet = await postChat(app.url, chat(), from("2001:db8:1:1ff::2"));
    expect((await errorBody(sameSubnet)).details).toMatchObject({ scope: "visitor" });
    expect((await postChat(app.url, chat(), from("2001:db8:1:200::1"))).status).toBe(200);
  });
});

/** One request refused for each reason that comes before or around the model. */
async function sendRefusedRequests(app: TestApp): Promise<void> {
  const refusals: [Response, number][] = [];
  refusals.push([await postChat(app.url, chat(), { origin: "https://evil.example" }), 403]);
  refusals.push([await postChat(app.url, { message: "" }), 400]);
  refusals.push([await postChat(app.url, { message: "m".repeat(2001), sessionId: "s1" }), 413]);
  app.store.failing = true;
  refusals.push([await postChat(app.url, chat()), 503]);
  app.store.failing = false;
  app.groq.fail(429, { retryAfter: 1, times: 1 });
  refusals.push([await postChat(app.url, chat()), 503]);
  app.groq.fail(500, { times: 3 });
  refusals.push([await postChat(app.url, chat()), 500]);
  expect(refusals.map(([response]) => response.status)).toEqual(refusals.map(([, status]) => status));
}
