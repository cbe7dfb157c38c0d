import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderBusyError, ProviderError } from "../../../proxy/errors.js";
import { createGroqProvider, type GroqProviderOptions } from "../../../proxy/llm/groq.js";
import type { CompletionEvent, CompletionRequest, LlmProvider } from "../../../proxy/llm/provider.js";
import { startGroqDouble, UPSTREAM_SECRET_TEXT, type GroqDouble } from "../../helpers/groq-double.js";

const KEY = "gsk_provider_test_key";
let groq: GroqDouble;

beforeEach(async () => {
  groq = await startGroqDouble();
});
afterEach(() => groq.close());

function provider(options: Partial<GroqProviderOptions> = {}): LlmProvider {
  return createGroqProvider({ apiKey: KEY, baseURL: groq.url, timeoutMs: 2000, retryDelaysMs: [0, 0], ...options });
}

function request(signal = new AbortController().signal): CompletionRequest {
  return { model: "llama-3.3-70b-versatile", messages: [{ role: "user", content: "Hi" }], maxTokens: 512, signal };
}

async function collect(events: AsyncIterable<CompletionEvent>): Promise<CompletionEvent[]> {
  const seen: CompletionEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => expect.unreachable("expected a failure"),
    (error: unknown) => error,
  );
}

describe("groq provider", () => {
  it("sends the model, messages, max_tokens and the key as a Bearer token", async () => {
    groq.reply("Hello!");
    await provider().complete(request());
    expect(groq.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(groq.requests[0]!.body).toMatchObject({
      model: "llama-3.3-70b-versatile",
      messages: [{ role: "user", content: "Hi" }],
      max_tokens: 512,
    });
  });

  it("returns a non-streamed reply with its usage", async () => {
    groq.reply("Hello there!");
    const completion = await provider().complete(request());
    expect(completion).toEqual({ text: "Hello there!", finishReason: "stop", usage: { promptTokens: 1, completionTokens: 3 } });
  });

  it("streams text deltas, then one finish with the usage of the last chunk", async () => {
    groq.reply("Hello!", { chunks: ["Hel", "lo!"] });
    const events = await collect(provider().stream(request()));
    expect(events).toEqual([
      { type: "text-delta", textDelta: "Hel" },
      { type: "text-delta", textDelta: "lo!" },
      { type: "finish", finishReason: "stop", usage: { promptTokens: 1, completionTokens: 2 } },
    ]);
    expect(groq.requests[0]!.body.stream).toBe(true);
  });

  it("turns Groq's 429 into PROVIDER_BUSY with its retry-after, without retrying", async () => {
    groq.fail(429, { retryAfter: 7 });
    const error = await failure(provider().complete(request()));
    expect(error).toBeInstanceOf(ProviderBusyError);
    expect(error).toMatchObject({ status: 503, code: "PROVIDER_BUSY", retryAfter: 7 });
    expect(groq.requests).toHaveLength(1);
  });

  it("retries an upstream 500 at most twice, then fails with PROVIDER_ERROR and no upstream text", async () => {
    groq.fail(500);
    const error = await failure(provider().complete(request()));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).not.toContain(UPSTREAM_SECRET_TEXT);
    expect(groq.requests).toHaveLength(3);
  });

  it("answers when a retry succeeds", async () => {
    groq.reply("Second time lucky");
    groq.fail(503, { times: 1 });
    const events = await collect(provider().stream(request()));
    expect(events.at(-1)).toMatchObject({ type: "finish" });
    expect(groq.requests).toHaveLength(2);
  });

  it("does not retry a rejected key", async () => {
    groq.fail(401);
    const error = await failure(provider().complete(request()));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", status: 500 });
    expect(groq.requests).toHaveLength(1);
  });

  it("says the assistant could not be reached when nothing listens", async () => {
    await groq.close();
    const error = await failure(provider().complete(request()));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", message: expect.stringContaining("could not be reached") });
  });

  it("gives up on a hung upstream after the call timeout", async () => {
    groq.hang();
    const error = await failure(provider({ timeoutMs: 50 }).complete(request()));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", message: expect.stringContaining("took too long") });
    expect(await groq.requests[0]!.ended).toBe("aborted");
  });

  it("ends a stream whose upstream goes silent", async () => {
    groq.hang({ afterChunks: 1, text: "Hel" });
    const seen: CompletionEvent[] = [];
    const error = await failure(
      (async () => {
        for await (const event of provider({ streamIdleMs: 50 }).stream(request())) seen.push(event);
      })(),
    );
    expect(seen).toEqual([{ type: "text-delta", textDelta: "Hel" }]);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", message: expect.stringContaining("stopped answering") });
  });

  it("ends a stream that runs past the total limit", async () => {
    groq.reply("a long reply that keeps going", { chunkDelayMs: 20 });
    const error = await failure(collect(provider({ streamTotalMs: 50 }).stream(request())));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", message: expect.stringContaining("cut off") });
  });

  it("fails a stream whose connection is cut midway", async () => {
    groq.cut({ afterChunks: 2 });
    const error = await failure(collect(provider().stream(request())));
    expect(error).toBeInstanceOf(ProviderError);
  });

  it("cancels the upstream request when the caller aborts", async () => {
    groq.hang({ afterChunks: 1 });
    const controller = new AbortController();
    const events = provider().stream(request(controller.signal))[Symbol.asyncIterator]();
    await events.next();
    controller.abort();
    await expect(events.next()).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(await groq.requests[0]!.ended).toBe("aborted");
  });
});
