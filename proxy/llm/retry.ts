// Retries of an upstream request, before any of its answer has reached the visitor.
//
// Why not the SDK's own maxRetries: it also retries a 429, sleeping for its retry-after while
// the visitor waits (and the wait can outlast our deadline); we want a 429 to reach the visitor
// at once as PROVIDER_BUSY with that retry-after. So the SDK runs with maxRetries 0 and this loop
// retries only transient failures (connection errors, 408, 409, 5xx), at most `delaysMs.length`
// times. It wraps the request up to its response headers only: once a stream has opened nothing
// is retried, so a partial reply is never produced twice.
import { setTimeout as sleep } from "node:timers/promises";

type ErrorClass<T> = abstract new (...args: never[]) => T;

/** The error classes of groq-sdk or openai (the same Stainless template, so the same shapes). */
export interface SdkErrors {
  APIError: ErrorClass<{ status: number | undefined; headers: Headers | undefined; error: unknown; message: string }>;
  APIConnectionError: ErrorClass<Error>;
  APIUserAbortError: ErrorClass<Error>;
  RateLimitError: ErrorClass<{ headers: Headers | undefined }>;
  AuthenticationError: ErrorClass<Error>;
}

export async function withRetries<T>(
  attempt: () => Promise<T>,
  delaysMs: readonly number[],
  signal: AbortSignal,
  errors: SdkErrors,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = delaysMs[retry];
      if (delay === undefined || signal.aborted || !isTransient(error, errors)) throw error;
      await sleep(delay, undefined, { signal });
    }
  }
}

function isTransient(error: unknown, errors: SdkErrors): boolean {
  if (error instanceof errors.APIUserAbortError) return false;
  if (error instanceof errors.APIConnectionError) return true;
  if (!(error instanceof errors.APIError) || error.status === undefined) return false;
  return error.status === 408 || error.status === 409 || error.status >= 500;
}
