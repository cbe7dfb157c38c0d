import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { errorBody, postChat } from "../helpers/chat-client.js";

let app: TestApp;
afterEach(() => app.close());

const history = (sessionId: string, method = "GET") =>
  fetch(`${app.url}/api/history?sessionId=${encodeURIComponent(sessionId)}`, { method });

describe("GET /api/history", () => {
  it("returns the conversation with roles, contents and ISO times", async () => {
    app = await startTestApp();
    app.groq.reply("Hi!");
    await postChat(app.url, { message: "Hello", sessionId: "abc" });
    expect(await (await history("abc")).json()).toEqual({
      sessionId: "abc",
      messages: [
        { role: "user", content: "Hello", createdAt: "2030-01-15T12:00:00.000Z" },
        { role: "assistant", content: "Hi!", createdAt: "2030-01-15T12:00:00.000Z" },
      ],
    });
  });

  it("returns messages: [] for an unknown session", async () => {
    app = await startTestApp();
    expect(await (await history("never-seen")).json()).toEqual({ sessionId: "never-seen", messages: [] });
  });

  it("returns messages: [] once SESSION_TTL_HOURS have passed since the first message", async () => {
    app = await startTestApp({ config: { sessionTtlMs: 3600_000 } });
    await postChat(app.url, { message: "Hello", sessionId: "abc" });
    app.clock.advance(3600_000 - 1);
    expect(((await (await history("abc")).json()) as { messages: unknown[] }).messages).toHaveLength(2);
    app.clock.advance(1);
    expect(await (await history("abc")).json()).toEqual({ sessionId: "abc", messages: [] });
  });

  it("starts a new thread, and a new prompt, when the same sessionId returns after its TTL", async () => {
    app = await startTestApp({ config: { sessionTtlMs: 3600_000 } });
    await postChat(app.url, { message: "Old question", sessionId: "abc" });
    app.clock.advance(3600_000);
    await postChat(app.url, { message: "New question", sessionId: "abc" });
    expect(app.groq.requests[1]!.body.messages.slice(1)).toEqual([{ role: "user", content: "New question" }]);
  });

  it.each([["missing", ""], ["invalid", "a b"], ["too long", "x".repeat(256)]])(
    "returns 400 INVALID_REQUEST for a %s sessionId",
    async (_name, sessionId) => {
      app = await startTestApp();
      const response = await fetch(`${app.url}/api/history${sessionId ? `?sessionId=${encodeURIComponent(sessionId)}` : ""}`);
      expect(response.status).toBe(400);
      expect(await errorBody(response)).toMatchObject({ code: "INVALID_REQUEST" });
    },
  );

  it("returns 503 STORE_UNAVAILABLE when the store fails", async () => {
    app = await startTestApp();
    app.store.failing = true;
    expect((await errorBody(await history("abc"))).code).toBe("STORE_UNAVAILABLE");
  });
});

describe("DELETE /api/history", () => {
  it("returns 204 and the conversation is gone from the store", async () => {
    app = await startTestApp();
    await postChat(app.url, { message: "Hello", sessionId: "abc" });
    const response = await history("abc", "DELETE");
    expect(response.status).toBe(204);
    expect(app.store.threads.has("abc")).toBe(false);
    expect(await (await history("abc")).json()).toEqual({ sessionId: "abc", messages: [] });
  });

  it("returns 400 INVALID_REQUEST without a valid sessionId", async () => {
    app = await startTestApp();
    const response = await fetch(`${app.url}/api/history`, { method: "DELETE" });
    expect(response.status).toBe(400);
    expect(await errorBody(response)).toMatchObject({ code: "INVALID_REQUEST" });
  });
});

describe("context window", () => {
  it("sends the model only the newest part of a thread that outgrew a small context window", async () => {
    const tiny = { id: "tiny-model", context_window: 600, max_completion_tokens: 100 };
    app = await startTestApp({ config: { chatModel: { ids: ["tiny-model"], auto: false } }, listing: [tiny] });
    app.groq.reply("r".repeat(200));
    for (let i = 1; i <= 6; i++) await postChat(app.url, { message: `question ${i} ${"q".repeat(200)}`, sessionId: "abc" });
    const last = app.groq.requests.at(-1)!.body;
    expect(last.max_tokens).toBe(100);
    const thread = last.messages.filter((message) => message.role !== "system");
    expect(thread.at(-1)!.content).toMatch(/^question 6/);
    expect(JSON.stringify(thread)).not.toContain("question 1");
    expect(thread.length).toBeLessThan(11);
  });
});
