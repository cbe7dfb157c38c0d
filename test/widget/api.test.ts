import { describe, expect, it, vi } from "vitest";
import { createApi, type ApiOptions, type ReplySources } from "../../widget/src/api";
import { ApiError } from "../../widget/src/errors/api-error";
import { NetworkError } from "../../widget/src/errors/network-error";
import { ProviderError } from "../../widget/src/errors/provider-error";
import { RateLimitedError } from "../../widget/src/errors/rate-limited-error";
import { jsonResponse, sseResponse, sseText } from "../helpers/widget-fakes";

const PROXY = "https://chat.example.com";

function apiWith(respond: (url: string, init: RequestInit) => Response | Promise<Response>, options: Partial<ApiOptions> = {}) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return respond(String(url), init ?? {});
  });
  const api = createApi({
    proxyUrl: PROXY,
    siteId: null,
    fetch,
    pageContext: () => ({ pageUrl: "https://shop.example.com/kettles", pageTitle: "Kettles" }),
    isOnline: () => true,
    ...options,
  });
  return { api, calls };
}

async function collect(stream: AsyncGenerator<string | ReplySources, void>): Promise<string> {
  let text = "";
  for await (const delta of stream) if (typeof delta === "string") text += delta;
  return text;
}

async function items(stream: AsyncGenerator<string | ReplySources, void>): Promise<Array<string | ReplySources>> {
  const all: Array<string | ReplySources> = [];
  for await (const item of stream) all.push(item);
  return all;
}

const streamed = sseText([
  { type: "text-delta", textDelta: "Hel" },
  { type: "text-delta", textDelta: "lo ✨" },
  { type: "finish", finishReason: "stop", sessionId: "s1" },
]);

describe("api.streamChat", () => {
  it("yields the reply's sources after its text, from the SSE sources event", async () => {
    const { api } = apiWith(() =>
      sseResponse(
        sseText([
          { type: "text-delta", textDelta: "From $129." },
          { type: "sources", sources: [{ title: "Pricing", url: "https://shop.example.com/pricing" }] },
          { type: "finish", finishReason: "stop", sessionId: "s1" },
        ]),
      ),
    );
    expect(await items(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal))).toEqual([
      "From $129.",
      { sources: [{ title: "Pricing", url: "https://shop.example.com/pricing" }] },
    ]);
  });

  it("yields the sources of a JSON reply too", async () => {
    const { api } = apiWith(() => jsonResponse(200, { reply: "Whole", sessionId: "s1", sources: [{ title: "FAQ", url: "https://shop.example.com/faq" }] }));
    expect(await items(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal))).toEqual([
      "Whole",
      { sources: [{ title: "FAQ", url: "https://shop.example.com/faq" }] },
    ]);
  });

  it("keeps only http(s) sources with a title, five at most", async () => {
    const hostile = [
      { title: "Script", url: "javascript:alert(1)" },
      { title: "Data", url: "data:text/html,<script>alert(1)</script>" },
      { title: "Relative", url: "/pricing" },
      { title: 42, url: "https://shop.example.com/a" },
      ...Array.from({ length: 7 }, (_, n) => ({ title: `Page ${n}`, url: `https://shop.example.com/${n}` })),
    ];
    const { api } = apiWith(() =>
      sseResponse(sseText([{ type: "text-delta", textDelta: "Hi" }, { type: "sources", sources: hostile }, { type: "finish", finishReason: "stop", sessionId: "s1" }])),
    );
    const [, sources] = await items(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal));
    expect((sources as ReplySources).sources.map((source) => source.url)).toEqual([0, 1, 2, 3, 4].map((n) => `https://shop.example.com/${n}`));
  });

  it("POSTs the message, sessionId and page context to /api/chat asking for an event stream", async () => {
    const { api, calls } = apiWith(() => sseResponse(streamed));
    await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal));
    const [call] = calls;
    expect(call?.url).toBe(`${PROXY}/api/chat`);
    expect(call?.init.method).toBe("POST");
    expect(call?.init.headers).toMatchObject({ Accept: "text/event-stream", "Content-Type": "application/json" });
    expect(call?.init.headers).not.toHaveProperty("X-Site-Id");
    expect(JSON.parse(String(call?.init.body))).toEqual({
      message: "Hi",
      sessionId: "s1",
      context: { pageUrl: "https://shop.example.com/kettles", pageTitle: "Kettles" },
    });
  });

  it("sends data-site as the X-Site-Id header", async () => {
    const { api, calls } = apiWith(() => sseResponse(streamed), { siteId: "shop" });
    await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal));
    expect(calls[0]?.init.headers).toMatchObject({ "X-Site-Id": "shop" });
  });

  it.each([1, 4, 9, 64])("yields the text deltas in order whatever the chunking (%i bytes)", async (size) => {
    const { api } = apiWith(() => sseResponse(streamed, size));
    expect(await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal))).toBe("Hello ✨");
  });

  it("accepts a plain JSON reply from a proxy that does not stream", async () => {
    const { api } = apiWith(() => jsonResponse(200, { reply: "Whole reply", sessionId: "s1" }));
    expect(await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal))).toBe("Whole reply");
  });

  it("throws RateLimitedError with Retry-After and the limit's scope on 429", async () => {
    const { api } = apiWith(() =>
      jsonResponse(
        429,
        { error: "Daily limit", code: "DAILY_QUOTA_EXCEEDED", details: { scope: "site", limit: 500, remaining: 0, resetAt: "2026-01-02T00:00:00Z" } },
        { "Retry-After": "3600" },
      ),
    );
    const error = await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: "DAILY_QUOTA_EXCEEDED", retryAfter: 3600, limit: "site", status: 429 });
  });

  it("reads the minute limit of RATE_LIMITED and a Retry-After given as an HTTP date", async () => {
    const now = Date.now();
    const { api } = apiWith(() =>
      jsonResponse(429, { error: "Slow down", code: "RATE_LIMITED", details: { scope: "minute" } }, { "Retry-After": new Date(now + 42_000).toUTCString() }),
    );
    const error = (await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal)).catch((e: unknown) => e)) as RateLimitedError;
    expect(error.limit).toBe("minute");
    expect(error.retryAfter).toBeGreaterThanOrEqual(40);
    expect(error.retryAfter).toBeLessThanOrEqual(42);
  });

  it("throws ProviderError for PROVIDER_ERROR and PROVIDER_BUSY (with its Retry-After)", async () => {
    const { api } = apiWith(() => jsonResponse(503, { error: "Busy", code: "PROVIDER_BUSY" }, { "Retry-After": "7" }));
    const error = await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "PROVIDER_BUSY", status: 503, retryAfter: 7 });
  });

  it("throws ApiError with the code for other errors, e.g. 503 STORE_UNAVAILABLE", async () => {
    const { api } = apiWith(() => jsonResponse(503, { error: "Store down", code: "STORE_UNAVAILABLE" }));
    const error = await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "STORE_UNAVAILABLE", status: 503, message: "Store down" });
  });

  it("throws ApiError even when the error body is not JSON", async () => {
    const { api } = apiWith(() => new Response("<html>Bad gateway</html>", { status: 502 }));
    const error = await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "HTTP_502", status: 502 });
  });

  it("turns an error event after the stream started into ProviderError, keeping the text so far", async () => {
    const { api } = apiWith(() =>
      sseResponse(sseText([{ type: "text-delta", textDelta: "Part" }, { type: "error", error: "Upstream failed", code: "PROVIDER_ERROR" }])),
    );
    let text = "";
    const error = await (async () => {
      for await (const delta of api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal)) if (typeof delta === "string") text += delta;
    })().catch((e: unknown) => e);
    expect(text).toBe("Part");
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", message: "Upstream failed" });
  });

  it("throws an interrupted NetworkError when the stream ends without finish", async () => {
    const { api } = apiWith(() => sseResponse(sseText([{ type: "text-delta", textDelta: "Part" }])));
    const error = await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ interrupted: true, offline: false });
  });

  it("throws an interrupted NetworkError when reading the body fails mid-reply", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(sseText([{ type: "text-delta", textDelta: "Part" }])));
        controller.error(new TypeError("network error"));
      },
    });
    const { api } = apiWith(() => new Response(body, { headers: { "Content-Type": "text/event-stream" } }));
    const error = await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NetworkError", interrupted: true });
  });

  it("throws NetworkError (offline) when fetch fails and the browser is offline", async () => {
    const { api } = apiWith(
      () => {
        throw new TypeError("Failed to fetch");
      },
      { isOnline: () => false },
    );
    const error = await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ offline: true, interrupted: false });
  });

  it("throws NetworkError (not offline) when the proxy cannot be reached while online", async () => {
    const { api } = apiWith(() => {
      throw new TypeError("Failed to fetch");
    });
    const error = await collect(api.streamChat({ message: "Hi", sessionId: "s1" }, new AbortController().signal)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NetworkError", offline: false, interrupted: false });
  });

  it("passes the abort signal to fetch and rethrows the AbortError untouched", async () => {
    const controller = new AbortController();
    let received: AbortSignal | null | undefined;
    const { api } = apiWith((_url, init) => {
      received = init.signal;
      // A body that never ends, like a slow model; abort must end the read.
      const body = new ReadableStream<Uint8Array>({
        start(stream) {
          stream.enqueue(new TextEncoder().encode(sseText([{ type: "text-delta", textDelta: "Hi" }])));
          init.signal?.addEventListener("abort", () => stream.error(new DOMException("aborted", "AbortError")));
        },
      });
      return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
    });
    const reading = (async () => {
      for await (const delta of api.streamChat({ message: "Hi", sessionId: "s1" }, controller.signal)) {
        expect(delta).toBe("Hi");
        controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: "AbortError" });
    expect(received).toBe(controller.signal);
  });
});

describe("api history", () => {
  it("GETs /api/history for the session and returns its messages", async () => {
    const messages = [
      { role: "user", content: "Hi", createdAt: "2026-01-01T00:00:00.000Z" },
      { role: "assistant", content: "Hello", createdAt: "2026-01-01T00:00:01.000Z" },
    ];
    const { api, calls } = apiWith(() => jsonResponse(200, { sessionId: "a b", messages }));
    expect(await api.getHistory("a b")).toEqual(messages);
    expect(calls[0]?.url).toBe(`${PROXY}/api/history?sessionId=a%20b`);
  });

  it("drops history entries that are not user/assistant text", async () => {
    const { api } = apiWith(() => jsonResponse(200, { messages: [{ role: "system", content: "x" }, { role: "user", content: 1 }, { role: "user", content: "ok", createdAt: "" }] }));
    expect(await api.getHistory("s1")).toEqual([{ role: "user", content: "ok", createdAt: "" }]);
  });

  it("DELETEs /api/history for reset", async () => {
    const { api, calls } = apiWith(() => new Response(null, { status: 204 }));
    await api.deleteHistory("s1");
    expect(calls[0]).toMatchObject({ url: `${PROXY}/api/history?sessionId=s1`, init: { method: "DELETE" } });
  });

  it("throws typed errors from history calls too", async () => {
    const { api } = apiWith(() => jsonResponse(400, { error: "Bad", code: "INVALID_REQUEST" }));
    await expect(api.getHistory("s1")).rejects.toMatchObject({ code: "INVALID_REQUEST", status: 400 });
  });

  it("resolves API paths under a proxy URL that has a path", async () => {
    const { api, calls } = apiWith(() => jsonResponse(200, { messages: [] }), { proxyUrl: "https://example.com/chat/" });
    await api.getHistory("s1");
    expect(calls[0]?.url).toBe("https://example.com/chat/api/history?sessionId=s1");
  });
});
