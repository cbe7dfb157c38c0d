import { afterEach, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { errorBody, postChat, streamChat } from "../helpers/chat-client.js";
import { testSite } from "../helpers/sites.js";

let app: TestApp;
afterEach(() => app.close());

const getUsage = (headers: Record<string, string>, query = "") => fetch(`${app.url}/api/usage${query}`, { headers });

describe("GET /api/usage", () => {
  it("returns 401 MISSING_API_KEY without X-API-Key, even with X-Site-Id", async () => {
    const shop = testSite();
    app = await startTestApp({ sites: [shop.stored] });
    for (const headers of [{}, shop.widget]) {
      const response = await getUsage(headers);
      expect(response.status).toBe(401);
      expect((await errorBody(response)).code).toBe("MISSING_API_KEY");
    }
    expect((await errorBody(await getUsage({ "x-api-key": testSite().key }))).code).toBe("INVALID_API_KEY");
  });

  it("counts what was sent: accepted messages, tokens, refused by code and distinct sessions, per day", async () => {
    const shop = testSite({ dailyQuota: 3 });
    const other = testSite();
    app = await startTestApp({ sites: [shop.stored, other.stored] });
    await postChat(app.url, { message: "one", sessionId: "a" }, shop.widget);
    await streamChat(app.url, { message: "two", sessionId: "a" }, shop.widget).then((response) => response.text());
    await postChat(app.url, { message: "three", sessionId: "b" }, shop.backend);
    await postChat(app.url, { message: "four", sessionId: "c" }, shop.widget);
    await postChat(app.url, { message: "", sessionId: "c" }, shop.widget);
    await postChat(app.url, { message: "elsewhere", sessionId: "z" }, other.widget);

    const response = await getUsage(shop.backend, "?days=2");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { siteId: string; days: Record<string, unknown>[] };
    expect(body.siteId).toBe(shop.stored.id);
    expect(body.days).toHaveLength(2);
    expect(body.days[0]).toEqual({ date: "2030-01-14", messages: 0, promptTokens: 0, completionTokens: 0, refused: 0, sessions: 0 });
    const today = body.days[1]!;
    expect(today).toMatchObject({ date: "2030-01-15", messages: 3, refused: 2, sessions: 2 });
    // The double reports usage for each call; the sum is what the site spent.
    expect(today.promptTokens).toBeGreaterThan(0);
    expect(today.completionTokens).toBeGreaterThan(0);
    expect(app.usage.series(shop.stored.id, 1)[0]!.refusedByCode).toEqual({ DAILY_QUOTA_EXCEEDED: 1, INVALID_REQUEST: 1 });
    expect(app.usage.series(other.stored.id, 1)[0]!.messages).toBe(1);
  });

  it("defaults to 30 days and refuses days outside 1–90 with 400 INVALID_REQUEST", async () => {
    const shop = testSite();
    app = await startTestApp({ sites: [shop.stored] });
    const body = (await (await getUsage(shop.backend)).json()) as { days: { date: string }[] };
    expect(body.days).toHaveLength(30);
    expect(body.days.at(-1)!.date).toBe("2030-01-15");
    for (const days of ["0", "91", "abc", "1.5"]) {
      expect((await errorBody(await getUsage(shop.backend, `?days=${days}`))).code).toBe("INVALID_REQUEST");
    }
  });

  it("counts a reply cut short (upstream cut, visitor gone) with estimated tokens, and gives back a request that failed before any text", async () => {
    const shop = testSite();
    app = await startTestApp({ sites: [shop.stored] });
    app.groq.cut({ afterChunks: 2, text: "Partial reply", times: 1 });
    await (await streamChat(app.url, { message: "cut", sessionId: "a" }, shop.widget)).text();
    app.groq.hang({ afterChunks: 1, text: "Hel", times: 1 });
    const controller = new AbortController();
    const response = await streamChat(app.url, { message: "leave", sessionId: "b" }, shop.widget, controller.signal);
    await response.body!.getReader().read();
    controller.abort();
    await app.groq.requests[1]!.ended;
    app.groq.fail(500, { times: 3 });
    await postChat(app.url, { message: "failed", sessionId: "c" }, shop.widget);
    await vi.waitFor(() => expect(app.usage.series(shop.stored.id, 1)[0]!.refusedByCode).toEqual({ PROVIDER_ERROR: 1 }));
    const today = app.usage.series(shop.stored.id, 1)[0]!;
    expect(today).toMatchObject({ messages: 2, sessions: 2 });
    expect(today.promptTokens).toBeGreaterThan(0);
    expect(today.completionTokens).toBeGreaterThan(0);
    expect(app.usage.monthTokens(shop.stored.id)).toBe(today.promptTokens + today.completionTokens);
  });
});
