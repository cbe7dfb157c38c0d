// Fakes for the widget's unit tests: SSE bodies split at awkward places, fetch responses, and a
// ChatApi whose replies the test drives token by token.
import type { ChatApi, ChatRequest, HistoryMessage, ReplySources, Source } from "../../widget/src/api";

const encoder = new TextEncoder();

/** A fetch body that delivers exactly these byte chunks, in order. */
export function byteStream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

/** Splits the UTF-8 bytes of `text` every `size` bytes (so lines, events and characters break). */
export function splitBytes(text: string, size: number): Uint8Array[] {
  const bytes = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.slice(start, start + size));
  return chunks;
}

export function sseText(events: object[]): string {
  return events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("");
}

export function sseResponse(text: string, chunkSize = 7): Response {
  return new Response(byteStream(splitBytes(text, chunkSize)), { status: 200, headers: { "Content-Type": "text/event-stream" } });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

interface Pending {
  resolve: (item: IteratorResult<string | ReplySources, void>) => void;
  reject: (error: unknown) => void;
}

/** One streamed reply the test controls: push tokens, finish, fail; honours the abort signal. */
export class ScriptedReply {
  private queue: Array<{ delta?: string | ReplySources; error?: unknown; done?: boolean }> = [];
  private waiting: Pending | null = null;
  request: ChatRequest | null = null;
  signal: AbortSignal | null = null;

  push(delta: string) {
    this.deliver({ delta });
  }
  /** The proxy's sources event (it comes after the text, before the end). */
  pushSources(sources: Source[]) {
    this.deliver({ delta: { sources } });
  }
  finish() {
    this.deliver({ done: true });
  }
  fail(error: unknown) {
    this.deliver({ error });
  }

  private deliver(item: { delta?: string | ReplySources; error?: unknown; done?: boolean }) {
    const waiting = this.waiting;
    if (!waiting) {
      this.queue.push(item);
      return;
    }
    this.waiting = null;
    if (item.error !== undefined) waiting.reject(item.error);
    else waiting.resolve(item.done ? { done: true, value: undefined } : { done: false, value: item.delta ?? "" });
  }

  async *run(request: ChatRequest, signal: AbortSignal): AsyncGenerator<string | ReplySources, void> {
    this.request = request;
    this.signal = signal;
    signal.addEventListener("abort", () => this.fail(new DOMException("aborted", "AbortError")));
    for (;;) {
      const item = this.queue.shift();
      const next = item
        ? item.error !== undefined
          ? Promise.reject(item.error)
          : Promise.resolve<IteratorResult<string | ReplySources, void>>(item.done ? { done: true, value: undefined } : { done: false, value: item.delta ?? "" })
        : new Promise<IteratorResult<string | ReplySources, void>>((resolve, reject) => (this.waiting = { resolve, reject }));
      const result = await next;
      if (result.done) return;
      yield result.value;
    }
  }
}

export interface FakeApi extends ChatApi {
  replies: ScriptedReply[];
  /** The reply the next (or current) streamChat call uses. */
  reply(index?: number): ScriptedReply;
  history: HistoryMessage[] | Error;
  deleted: string[];
  historyRequests: string[];
}

export function fakeApi(): FakeApi {
  const replies: ScriptedReply[] = [];
  let calls = 0;
  const replyAt = (index: number) => (replies[index] ??= new ScriptedReply());
  const api: FakeApi = {
    replies,
    reply: (index = calls === 0 ? 0 : calls - 1) => replyAt(index),
    history: [],
    deleted: [],
    historyRequests: [],
    streamChat: (request, signal) => replyAt(calls++).run(request, signal),
    async getHistory(sessionId) {
      api.historyRequests.push(sessionId);
      if (api.history instanceof Error) throw api.history;
      return api.history;
    },
    async deleteHistory(sessionId) {
      api.deleted.push(sessionId);
    },
  };
  return api;
}

/** Lets pending promise callbacks run (no timers involved). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
