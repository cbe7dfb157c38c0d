// A provider over an OpenAI-style SDK: groq-sdk for Groq, the `openai` package for every other
// OpenAI-compatible server. Both are generated from the same template, so one implementation
// serves both; groq.ts and openai-compatible.ts only build the client and the request body.
//
// Limits: a whole non-streamed call, and a stream until it opens, get `timeoutMs` (30 s); an
// open stream silent for `streamIdleMs` (15 s) or running past `streamTotalMs` (60 s) is ended
// with an error. Retries: see retry.ts (at most two, only before the answer starts).
// Errors: everything becomes ProviderBusyError (a 429, its retry-after passed on),
// ModelRetiredError (the model is retired or unknown), or ProviderError with a sentence for
// people; the upstream's own error text stays in `cause`.
// Thinking: reasoning fields are never read, and `<think>` blocks in the content are dropped.
import { ApiError, ModelRetiredError, ProviderBusyError, ProviderError, ProviderKeyRefusedError } from "../errors.js";
import { createCallLimits, type CallLimits } from "./limits.js";
import type { Completion, CompletionEvent, CompletionRequest, ListedModel, LlmProvider, ProviderName, TokenUsage } from "./provider.js";
import { withRetries, type SdkErrors } from "./retry.js";
import { createThinkFilter, withoutThinking } from "./think-filter.js";

interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface WireCompletion {
  choices: { message: { content?: string | null }; finish_reason?: string | null }[];
  usage?: WireUsage | null;
}

export interface WireChunk {
  choices: { delta?: { content?: string | null } | null; finish_reason?: string | null }[];
  /** OpenAI-compatible servers, with `stream_options.include_usage`. */
  usage?: WireUsage | null;
  /** Groq puts a stream's usage here, on the last chunk. */
  x_groq?: { usage?: WireUsage | null } | null;
}

/** Groq lists `context_window` and `max_completion_tokens`; OpenRouter `context_length` and `top_provider`. */
export interface WireModel {
  id: string;
  active?: boolean | null;
  context_window?: number | null;
  context_length?: number | null;
  max_completion_tokens?: number | null;
  top_provider?: { max_completion_tokens?: number | null } | null;
}

export interface SdkCalls {
  complete(request: CompletionRequest, signal: AbortSignal): Promise<WireCompletion>;
  stream(request: CompletionRequest, signal: AbortSignal): Promise<AsyncIterable<WireChunk>>;
  list(signal: AbortSignal): Promise<{ data: WireModel[] }>;
}

export interface SdkProviderOptions {
  timeoutMs: number;
  streamIdleMs?: number;
  streamTotalMs?: number;
  retryDelaysMs?: readonly number[];
}

const TOO_SLOW = "The assistant took too long to answer. Please try again.";
const STALLED = "The assistant stopped answering. Please try again.";
const TOO_LONG = "The reply took too long and was cut off. Please try again.";
const UNREACHABLE = "The assistant could not be reached. Please try again.";
const CANCELLED = "The request was cancelled.";
const LISTING_TIMEOUT_MS = 10_000;

export function createSdkProvider(name: ProviderName, calls: SdkCalls, errors: SdkErrors, options: SdkProviderOptions): LlmProvider {
  const { timeoutMs, streamIdleMs = 15_000, streamTotalMs = 60_000, retryDelaysMs = [500, 1500] } = options;
  const failure = (error: unknown, limits: CallLimits, request: CompletionRequest) => toProviderFailure(error, limits, request, errors);

  return {
    name,

    async complete(request): Promise<Completion> {
      const limits = createCallLimits(request.signal);
      limits.arm("call", timeoutMs, TOO_SLOW);
      try {
        const completion = await withRetries(() => calls.complete(request, limits.signal), retryDelaysMs, limits.signal, errors);
        const choice = completion.choices[0];
        return {
          text: withoutThinking(choice?.message.content ?? ""),
          finishReason: choice?.finish_reason ?? "stop",
          usage: toUsage(completion.usage),
        };
      } catch (error) {
        throw failure(error, limits, request);
      } finally {
        limits.dispose();
      }
    },

    async *stream(request): AsyncIterable<CompletionEvent> {
      const limits = createCallLimits(request.signal);
      limits.arm("total", streamTotalMs, TOO_LONG);
      limits.arm("wait", timeoutMs, TOO_SLOW);
      try {
        const chunks = await withRetries(() => calls.stream(request, limits.signal), retryDelaysMs, limits.signal, errors);
        const shown = createThinkFilter();
        let finishReason: string | undefined;
        let usage: TokenUsage | undefined;
        limits.arm("wait", streamIdleMs, STALLED);
        for await (const chunk of chunks) {
          limits.arm("wait", streamIdleMs, STALLED);
          const choice = chunk.choices[0];
          const text = shown.push(choice?.delta?.content ?? "");
          if (text) yield { type: "text-delta", textDelta: text };
          finishReason = choice?.finish_reason ?? finishReason;
          usage = toUsage(chunk.x_groq?.usage ?? chunk.usage) ?? usage;
        }
        // The SDK ends its iterator quietly when its signal aborts, so an early end is checked here.
        if (limits.signal.aborted) throw limits.signal.reason;
        if (finishReason === undefined) throw new ProviderError();
        const rest = shown.end();
        if (rest) yield { type: "text-delta", textDelta: rest };
        yield { type: "finish", finishReason, usage };
      } catch (error) {
        throw failure(error, limits, request);
      } finally {
        limits.dispose();
      }
    },

    async listModels(signal) {
      const listing = await calls.list(AbortSignal.any([signal, AbortSignal.timeout(LISTING_TIMEOUT_MS)])).catch((error: unknown) => {
        if (error instanceof errors.AuthenticationError) throw new ProviderKeyRefusedError(error);
        throw new ProviderError(UNREACHABLE, error);
      });
      return listing.data.filter((model) => model.active !== false).map(toListedModel);
    },
  };
}

function toListedModel(model: WireModel): ListedModel {
  return {
    id: model.id,
    contextWindow: positive(model.context_window ?? model.context_length),
    maxOutputTokens: positive(model.max_completion_tokens ?? model.top_provider?.max_completion_tokens),
  };
}

function positive(value: number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

function toUsage(usage: WireUsage | null | undefined): TokenUsage | undefined {
  return usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : undefined;
}

function toProviderFailure(error: unknown, limits: CallLimits, request: CompletionRequest, errors: SdkErrors): ApiError {
  const expired = limits.expired();
  if (expired) return expired;
  if (request.signal.aborted) return new ProviderError(CANCELLED, error);
  if (error instanceof ApiError) return error;
  if (error instanceof errors.RateLimitError) return new ProviderBusyError(retryAfterSeconds(error.headers), error);
  if (error instanceof errors.AuthenticationError) return new ProviderKeyRefusedError(error);
  if (error instanceof errors.APIError && isModelGone(error)) return new ModelRetiredError(request.model, error);
  if (error instanceof errors.APIConnectionError) return new ProviderError(UNREACHABLE, error);
  return new ProviderError(undefined, error);
}

// Groq: `400 model_decommissioned`, `404 model_not_found`. OpenAI-compatible servers answer an
// unknown model with a 404 (Ollama, vLLM) or a 400 naming the model (OpenRouter). A wrong base URL
// also 404s, but then the model listing fails first and start-up says so.
function isModelGone(error: { status: number | undefined; error: unknown; message: string }): boolean {
  if (error.status === 404) return true;
  if (error.status !== 400) return false;
  const body = error.error as { code?: unknown; message?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  const detail = body?.error ?? body;
  if (detail?.code === "model_decommissioned" || detail?.code === "model_not_found") return true;
  const text = typeof detail?.message === "string" ? detail.message : error.message;
  return /model.*(decommissioned|does not exist|not found|not a valid model)/i.test(text);
}

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const seconds = Number(headers?.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}
