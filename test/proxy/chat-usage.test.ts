// What a chat request costs when things go wrong around the model: the site's token budget, the
// minute limit and the refused count.
import { afterEach, describe, expect, it } from "vitest";
import type { LlmProvider } from "../../proxy/llm/provider.js";
import { DEFAULT_SITE_ID } from "../../proxy/sites/site.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { errorBody, postChat, sseEvents, streamChat } from "../helpers/chat-client.js";

let app: TestApp;
afterEach(() => app.close());

const chat = (message = "Hello?", sessionId = "s1") => ({ message, sessionId });
const ANSWER_USAGE = { promptTokens: 70, completionTokens: 30 };

/** A model that answers, and the disk that fails while it does. */
function answerThenStoreFails(): LlmProvider {
  return {
    name: "offline",
    listModels: async () => undefined,
    async complete() {
      app.store.failing = true;
      return { text: "Hi", finishReason: "stop", usage: ANSWER_USAGE };
    },
    async *stream() {
      yield { type: "text-delta", textDelta: "Hi" };
      app.store.failing = true;
      yield { type: "finish", finishReason: "stop", usage: ANSWER_USAGE };
    },
  };
}

describe("a reply that cannot be saved", () => {
  it("still counts its tokens in the site's usage (JSON)", async () => {
    app = await startTestApp({ llm: answerThenStoreFails() });
    const response = await postChat(app.url, chat());
    expect((await errorBody(response)).code).toBe("STORE_UNAVAILABLE");
    expect(app.usage.monthTokens(DEFAULT_SITE_ID)).toBe(100);
  });

  it("still counts its tokens in the site's usage (SSE)", async () => {
    app = await startTestApp({ llm: answerThenStoreFails() });
    const events = sseEvents(await (await streamChat(app.url, chat())).text());
    expect(events.at(-1)).toMatchObject({ type: "error", code: "STORE_UNAVAILABLE" });
    expect(app.usage.monthTokens(DEFAULT_SITE_ID)).toBe(100);
  });

  it("is counted as accepted, not refused, and keeps its minute count", async () => {
    app = await startTestApp({ llm: answerThenStoreFails(), config: { rateLimitPerMinute: 1 } });
    await postChat(app.url, chat());
    app.store.failing = false;
    expect(app.usage.series(DEFAULT_SITE_ID, 1)[0]).toMatchObject({ messages: 1, refused: 0 });
    expect((await errorBody(await postChat(app.url, chat()))).code).toBe("RATE_LIMITED");
  });
});
