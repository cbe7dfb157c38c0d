// The Groq provider, through groq-sdk. The key goes to the SDK and nowhere else.
//
// Limits: a whole non-streamed call, and a stream until it opens, get `timeoutMs` (30 s); an
// open stream silent for `streamIdleMs` (15 s) or running past `streamTotalMs` (60 s) is ended
// with an error. Retries: see retry.ts (at most two, only before the answer starts).
// Errors: everything becomes ProviderBusyError (Groq's 429, its retry-after passed on) or
// ProviderError with a sentence for people; Groq's own error text stays in `cause`.
import Groq, { APIConnectionError, RateLimitError } from "groq-sdk";
import { ApiError, ProviderBusyError, ProviderError } from "../errors.js";
import { createCallLimits, type CallLimits } from "./limits.js";
import type { Completion, CompletionEvent, CompletionRequest, LlmProvider, TokenUsage } from "./provider.js";
import { withRetries } from "./retry.js";

export interface GroqProviderOptions {
  apiKey: string;
  /** Undefined: groq-sdk's default (Groq itself). */
  baseURL: string | undefined;
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

export function createGroqProvider(options: GroqProviderOptions): LlmProvider {
  const { timeoutMs, streamIdleMs = 15_000, streamTotalMs = 60_000, retryDelaysMs = [500, 1500] } = options;
  // logLevel "off": the SDK's own debug logging would print request details outside our logger.
  const client = new Groq({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: timeoutMs, logLevel: "off" });

  const body = (request: CompletionRequest) => ({
    model: request.model,
    messages: request.messages,
    max_tokens: request.maxTokens,
  });

  return {
    name: "groq",

    async complete(request): Promise<Completion> {
      const limits = createCallLimits(request.signal);
      limits.arm("call", timeoutMs, TOO_SLOW);
      try {
        const completion = await withRetries(
          () => client.chat.completions.create({ ...body(request), stream: false }, { signal: limits.signal }),
          retryDelaysMs,
          limits.signal,
        );
        const choice = completion.choices[0];
        return {
          text: choice?.message.content ?? "",
          finishReason: choice?.finish_reason ?? "stop",
          usage: toUsage(completion.usage),
        };
      } catch (error) {
        throw toProviderFailure(error, limits, request.signal);
      } finally {
        limits.dispose();
      }
    },

    async *stream(request): AsyncIterable<CompletionEvent> {
      const limits = createCallLimits(request.signal);
      limits.arm("total", streamTotalMs, TOO_LONG);
      limits.arm("wait", timeoutMs, TOO_SLOW);
      try {
        const chunks = await withRetries(
          () => client.chat.completions.create({ ...body(request), stream: true }, { signal: limits.signal }),
          retryDelaysMs,
          limits.signal,
        );
        let finishReason: string | undefined;
        let usage: TokenUsage | undefined;
        limits.arm("wait", streamIdleMs, STALLED);
        for await (const chunk of chunks) {
          limits.arm("wait", streamIdleMs, STALLED);
          const choice = chunk.choices[0];
          if (choice?.delta.content) yield { type: "text-delta", textDelta: choice.delta.content };
          finishReason = choice?.finish_reason ?? finishReason;
          usage = toUsage(chunk.x_groq?.usage) ?? usage;
        }
        // The SDK ends its iterator quietly when its signal aborts, so an early end is checked here.
        if (limits.signal.aborted) throw limits.signal.reason;
        if (finishReason === undefined) throw new ProviderError();
        yield { type: "finish", finishReason, usage };
      } catch (error) {
        throw toProviderFailure(error, limits, request.signal);
      } finally {
        limits.dispose();
      }
    },
  };
}

function toUsage(usage: { prompt_tokens: number; completion_tokens: number } | null | undefined): TokenUsage | undefined {
  return usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : undefined;
}

function toProviderFailure(error: unknown, limits: CallLimits, callerSignal: AbortSignal): ApiError {
  const expired = limits.expired();
  if (expired) return expired;
  if (callerSignal.aborted) return new ProviderError(CANCELLED, error);
  if (error instanceof ApiError) return error;
  if (error instanceof RateLimitError) return new ProviderBusyError(retryAfterSeconds(error.headers), error);
  if (error instanceof APIConnectionError) return new ProviderError(UNREACHABLE, error);
  return new ProviderError(undefined, error);
}

function retryAfterSeconds(headers: Headers): number | undefined {
  const seconds = Number(headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}
