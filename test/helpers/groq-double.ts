// A local stand-in for Groq that speaks its wire format (shared/GROQ-WIRE.md), so groq-sdk runs
// its real code paths: SSE chunks with x_groq.usage on the last one and `data: [DONE]`, JSON
// answers, error bodies with retry-after. Tests script what it does next and read what it got.
//
//   const groq = await startGroqDouble();
//   groq.reply("Hello");                 // every request from now on
//   groq.fail(500, { times: 1 });        // only the next request, then back to replying
//   groq.requests[0].body.messages;  await groq.requests[0].ended;  // "completed" | "aborted"
//   await groq.close();
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export const UPSTREAM_SECRET_TEXT = "upstream-internal-detail-7f3a";

export interface GroqRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  max_tokens?: number;
}

export interface RecordedRequest {
  headers: IncomingHttpHeaders;
  body: GroqRequestBody;
  /** Settles when the exchange is over: "aborted" when the client went away before the end. */
  ended: Promise<"completed" | "aborted">;
}

export interface ReplyOptions {
  /** The streamed pieces; default: the text in pieces of three characters. */
  chunks?: string[];
  /** Real pause before each streamed chunk. */
  chunkDelayMs?: number;
  finishReason?: string;
}

export interface FailOptions {
  message?: string;
  /** Seconds, sent as `retry-after`. */
  retryAfter?: number;
}

export interface Times {
  /** Only the next `times` requests behave so; then the previous script again. Default: all. */
  times?: number;
}

type Behaviour =
  | { kind: "reply"; text: string; options: ReplyOptions }
  | { kind: "fail"; status: number; options: FailOptions }
  | { kind: "hang"; afterChunks: number | undefined; text: string }
  | { kind: "cut"; afterChunks: number; text: string };

export interface GroqDouble {
  /** For GROQ_BASE_URL / the SDK's baseURL. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  reply(text: string, options?: ReplyOptions & Times): void;
  fail(status: number, options?: FailOptions & Times): void;
  /** Sends nothing (or, when streaming, `afterChunks` chunks of `text` first) and never ends. */
  hang(options?: { afterChunks?: number; text?: string } & Times): void;
  /** Streams `afterChunks` chunks of `text`, then drops the connection. */
  cut(options: { afterChunks: number; text?: string } & Times): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startGroqDouble(): Promise<GroqDouble> {
  let fallback: Behaviour = { kind: "reply", text: "Hello from the double.", options: {} };
  const queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();

  const script = (behaviour: Behaviour, times: number | undefined) => {
    if (times === undefined) fallback = behaviour;
    else for (let i = 0; i < times; i++) queue.push(behaviour);
  };

  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (req.method !== "POST" || req.url !== "/openai/v1/chat/completions") {
      return sendError(res, 404, { message: "Unknown path" });
    }
    const body = JSON.parse(raw) as GroqRequestBody;
    const ended = new Promise<"completed" | "aborted">((resolve) =>
      res.on("close", () => resolve(res.writableFinished ? "completed" : "aborted")),
    );
    requests.push({ headers: req.headers, body, ended });
    for (const wake of waiters) wake();
    await perform(queue.shift() ?? fallback, body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (text, options = {}) => script({ kind: "reply", text, options }, options.times),
    fail: (status, options = {}) => script({ kind: "fail", status, options }, options.times),
    hang: (options = {}) => script({ kind: "hang", afterChunks: options.afterChunks, text: options.text ?? "Partial reply" }, options.times),
    cut: (options) => script({ kind: "cut", afterChunks: options.afterChunks, text: options.text ?? "Partial reply" }, options.times),
    waitForRequests(count) {
      return new Promise((resolve) => {
        const check = () => {
          if (requests.length < count) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function perform(behaviour: Behaviour, body: GroqRequestBody, res: ServerResponse): Promise<void> {
  switch (behaviour.kind) {
    case "fail":
      return sendError(res, behaviour.status, behaviour.options);
    case "reply":
      return body.stream ? streamReply(res, body, behaviour.text, behaviour.options) : sendCompletion(res, body, behaviour.text);
    case "hang":
      if (body.stream && behaviour.afterChunks !== undefined) {
        startStream(res);
        for (const piece of pieces(behaviour.text).slice(0, behaviour.afterChunks)) writeChunk(res, body, { content: piece });
      }
      return;
    case "cut":
      startStream(res);
      for (const piece of pieces(behaviour.text).slice(0, behaviour.afterChunks)) writeChunk(res, body, { content: piece });
      // end(), not destroy(): the chunks already written still arrive, then the body stops short.
      res.socket?.end();
      return;
  }
}

function sendCompletion(res: ServerResponse, body: GroqRequestBody, text: string): void {
  res.writeHead(200, { "content-type": "application/json", ...rateLimitHeaders() });
  res.end(
    JSON.stringify({
      id: "chatcmpl-double",
      object: "chat.completion",
      created: 1732500000,
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content: text }, logprobs: null, finish_reason: "stop" }],
      usage: usage(body, text),
      system_fingerprint: "fp_double",
      x_groq: { id: "req_double" },
    }),
  );
}

async function streamReply(res: ServerResponse, body: GroqRequestBody, text: string, options: ReplyOptions): Promise<void> {
  startStream(res);
  writeChunk(res, body, { role: "assistant", content: "" }, null, { id: "req_double" });
  for (const piece of options.chunks ?? pieces(text)) {
    if (options.chunkDelayMs) await sleep(options.chunkDelayMs);
    if (res.destroyed) return;
    writeChunk(res, body, { content: piece });
  }
  writeChunk(res, body, {}, options.finishReason ?? "stop", { id: "req_double", usage: usage(body, text) });
  res.end("data: [DONE]\n\n");
}

function startStream(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...rateLimitHeaders() });
}

function writeChunk(
  res: ServerResponse,
  body: GroqRequestBody,
  delta: { role?: string; content?: string },
  finishReason: string | null = null,
  xGroq?: object,
): void {
  const chunk = {
    id: "chatcmpl-double",
    object: "chat.completion.chunk",
    created: 1732500000,
    model: body.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(xGroq && { x_groq: xGroq }),
  };
  res.write(`data: ${JSON.stringify(chunk)}\n\n`);
}

function sendError(res: ServerResponse, status: number, options: FailOptions): void {
  res.writeHead(status, {
    "content-type": "application/json",
    ...(options.retryAfter !== undefined && { "retry-after": String(options.retryAfter) }),
  });
  res.end(
    JSON.stringify({
      error: { message: options.message ?? `${UPSTREAM_SECRET_TEXT} (status ${status})`, type: "invalid_request_error", code: "double_error" },
    }),
  );
}

function pieces(text: string): string[] {
  return text.match(/[\s\S]{1,3}/g) ?? [];
}

function usage(body: GroqRequestBody, text: string) {
  const promptTokens = Math.ceil(body.messages.reduce((sum, message) => sum + message.content.length, 0) / 4);
  const completionTokens = Math.ceil(text.length / 4);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function rateLimitHeaders(): Record<string, string> {
  return { "x-ratelimit-limit-requests": "14400", "x-ratelimit-remaining-requests": "14399", "x-ratelimit-reset-requests": "6s" };
}
