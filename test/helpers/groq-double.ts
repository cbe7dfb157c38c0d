// A local stand-in for Groq that speaks its wire format (shared/GROQ-WIRE.md), so groq-sdk runs
// its real code paths: SSE chunks with x_groq.usage on the last one and `data: [DONE]`, JSON
// answers, error bodies with retry-after, the model listing, retired models and reasoning
// models thinking aloud. Under `/v1` (instead of `/openai/v1`) it is an OpenAI-compatible server
// as the `openai` package expects one (Ollama, vLLM): usage in `usage`, an unknown model a 404.
// Tests script what it does next and read what it got.
//
//   const groq = await startGroqDouble();
//   groq.reply("Hello");                 // every request from now on
//   groq.fail(500, { times: 1 });        // only the next request, then back to replying
//   groq.serve(["openai/gpt-oss-120b"]); groq.retire("openai/gpt-oss-120b");
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
  [parameter: string]: unknown;
}

/** One entry of GET /models, as Groq lists it. */
export interface ListedEntry {
  id: string;
  context_window?: number;
  max_completion_tokens?: number;
  active?: boolean;
}

/** What Groq's GET /openai/v1/models held in late 2026: GPT-OSS, Qwen, Kimi, and no chat Llama. */
export const GROQ_LISTING_TODAY: readonly ListedEntry[] = [
  { id: "openai/gpt-oss-120b", context_window: 131072, max_completion_tokens: 65536 },
  { id: "openai/gpt-oss-20b", context_window: 131072, max_completion_tokens: 65536 },
  { id: "qwen/qwen3-32b", context_window: 131072, max_completion_tokens: 40960 },
  { id: "moonshotai/kimi-k2-instruct-0905", context_window: 262144, max_completion_tokens: 16384 },
  { id: "whisper-large-v3", context_window: 448, max_completion_tokens: 448 },
  { id: "whisper-large-v3-turbo", context_window: 448, max_completion_tokens: 448 },
  { id: "canopylabs/orpheus-v1-english", context_window: 4000, max_completion_tokens: 50000 },
  { id: "playai-tts", context_window: 8192, max_completion_tokens: 8192 },
  { id: "meta-llama/llama-guard-4-12b", context_window: 131072, max_completion_tokens: 1024 },
  { id: "meta-llama/llama-prompt-guard-2-86m", context_window: 512, max_completion_tokens: 512 },
  { id: "openai/gpt-oss-safeguard-20b", context_window: 131072, max_completion_tokens: 65536 },
  { id: "groq/compound", context_window: 131072, max_completion_tokens: 8192 },
  { id: "groq/compound-mini", context_window: 131072, max_completion_tokens: 8192 },
];

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
  /** Thinking sent with the reply: in `reasoning` fields, or in the content as `<think>…</think>`. */
  reasoning?: { text: string; as: "field" | "think-tag" };
}

export interface FailOptions {
  message?: string;
  /** The error's `code`; default "double_error". */
  code?: string | null;
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
  /** Replaces the listing (GET /models); ids alone get Groq's usual figures. */
  serve(models: readonly (ListedEntry | string)[]): void;
  /** From now on the model is answered as retired: Groq's 400 model_decommissioned or 404 model_not_found. */
  retire(id: string, as?: "decommissioned" | "not_found"): void;
  /** Every request, listing included, is refused as a wrong key (401 invalid_api_key). */
  refuseKey(): void;
  /** The listing answers with this status (e.g. 503) until called with undefined. */
  failListing(status: number | undefined): void;
  /** How many times the listing was asked for. */
  readonly listings: number;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startGroqDouble(): Promise<GroqDouble> {
  let fallback: Behaviour = { kind: "reply", text: "Hello from the double.", options: {} };
  const queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  let listing: ListedEntry[] = [...GROQ_LISTING_TODAY];
  const retired = new Map<string, "decommissioned" | "not_found">();
  let keyRefused = false;
  let listingStatus: number | undefined;
  let listings = 0;

  const script = (behaviour: Behaviour, times: number | undefined) => {
    if (times === undefined) fallback = behaviour;
    else for (let i = 0; i < times; i++) queue.push(behaviour);
  };

  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const wire: Wire = req.url?.startsWith("/openai/v1/") ? "groq" : "openai";
    const path = req.url?.replace(/^\/openai\/v1\/|^\/v1\//, "");
    if (keyRefused) return sendError(res, 401, { message: "Invalid API Key", code: "invalid_api_key" });
    if (req.method === "GET" && path === "models") {
      listings++;
      if (listingStatus !== undefined) return sendError(res, listingStatus, {});
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: listing.map((model) => ({ object: "model", created: 1754408224, owned_by: "double", active: true, public_apps: null, ...model })) }));
    }
    if (req.method !== "POST" || path !== "chat/completions") {
      return sendError(res, 404, { message: "Unknown path" });
    }
    const body = JSON.parse(raw) as GroqRequestBody;
    const ended = new Promise<"completed" | "aborted">((resolve) =>
      res.on("close", () => resolve(res.writableFinished ? "completed" : "aborted")),
    );
    requests.push({ headers: req.headers, body, ended });
    for (const wake of waiters) wake();
    const gone = retired.get(body.model);
    if (gone) return sendRetired(res, wire, body.model, gone);
    await perform(queue.shift() ?? fallback, body, res, wire);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (text, options = {}) => script({ kind: "reply", text, options }, options.times),
    fail: (status, options = {}) => script({ kind: "fail", status, options }, options.times),
    serve(models) {
      listing = models.map((model) => (typeof model === "string" ? { id: model, context_window: 131072, max_completion_tokens: 32768 } : model));
    },
    retire(id, as = "decommissioned") {
      retired.set(id, as);
    },
    refuseKey() {
      keyRefused = true;
    },
    failListing(status) {
      listingStatus = status;
    },
    get listings() {
      return listings;
    },
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

type Wire = "groq" | "openai";

async function perform(behaviour: Behaviour, body: GroqRequestBody, res: ServerResponse, wire: Wire): Promise<void> {
  switch (behaviour.kind) {
    case "fail":
      return sendError(res, behaviour.status, behaviour.options);
    case "reply":
      return body.stream ? streamReply(res, body, behaviour.text, behaviour.options, wire) : sendCompletion(res, body, behaviour.text, behaviour.options);
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

// Groq's two answers for a retired or unknown model; an OpenAI-compatible server (Ollama) 404s.
function sendRetired(res: ServerResponse, wire: Wire, model: string, as: "decommissioned" | "not_found"): void {
  if (wire === "openai") return sendError(res, 404, { message: `model "${model}" not found, try pulling it first`, code: null });
  if (as === "decommissioned") {
    return sendError(res, 400, {
      message: `The model \`${model}\` has been decommissioned and is no longer supported. Please refer to https://console.groq.com/docs/deprecations for a recommendation on which model to use instead.`,
      code: "model_decommissioned",
    });
  }
  sendError(res, 404, { message: `The model \`${model}\` does not exist or you do not have access to it.`, code: "model_not_found" });
}

function sendCompletion(res: ServerResponse, body: GroqRequestBody, text: string, options: ReplyOptions): void {
  const thinking = options.reasoning;
  res.writeHead(200, { "content-type": "application/json", ...rateLimitHeaders() });
  res.end(
    JSON.stringify({
      id: "chatcmpl-double",
      object: "chat.completion",
      created: 1732500000,
      model: body.model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: thinking?.as === "think-tag" ? `<think>${thinking.text}</think>\n\n${text}` : text,
            ...(thinking?.as === "field" && { reasoning: thinking.text }),
          },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: usage(body, text),
      system_fingerprint: "fp_double",
      x_groq: { id: "req_double" },
    }),
  );
}

async function streamReply(res: ServerResponse, body: GroqRequestBody, text: string, options: ReplyOptions, wire: Wire): Promise<void> {
  startStream(res);
  writeChunk(res, body, { role: "assistant", content: "" }, null, { id: "req_double" });
  const thinking = options.reasoning;
  const deltas: { content?: string; reasoning?: string }[] = [
    ...(thinking?.as === "field" ? pieces(thinking.text).map((piece) => ({ reasoning: piece })) : []),
    // In pieces of three characters, so the tags arrive split across chunks.
    ...(thinking?.as === "think-tag" ? pieces(`<think>${thinking.text}</think>\n\n`).map((piece) => ({ content: piece })) : []),
    ...(options.chunks ?? pieces(text)).map((piece) => ({ content: piece })),
  ];
  for (const delta of deltas) {
    if (options.chunkDelayMs) await sleep(options.chunkDelayMs);
    if (res.destroyed) return;
    writeChunk(res, body, delta);
  }
  const finalUsage = usage(body, text);
  if (wire === "groq") writeChunk(res, body, {}, options.finishReason ?? "stop", { id: "req_double", usage: finalUsage });
  else writeChunk(res, body, {}, options.finishReason ?? "stop", undefined, finalUsage);
  res.end("data: [DONE]\n\n");
}

function startStream(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...rateLimitHeaders() });
}

function writeChunk(
  res: ServerResponse,
  body: GroqRequestBody,
  delta: { role?: string; content?: string; reasoning?: string },
  finishReason: string | null = null,
  xGroq?: object,
  openAiUsage?: object,
): void {
  const chunk = {
    id: "chatcmpl-double",
    object: "chat.completion.chunk",
    created: 1732500000,
    model: body.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(xGroq && { x_groq: xGroq }),
    ...(openAiUsage && { usage: openAiUsage }),
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
      error: {
        message: options.message ?? `${UPSTREAM_SECRET_TEXT} (status ${status})`,
        type: "invalid_request_error",
        code: options.code === undefined ? "double_error" : options.code,
      },
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
