import { ApiError } from "./api-error";
import { ProviderError } from "./provider-error";
import { RateLimitedError, type LimitScope } from "./rate-limited-error";
import { SiteUnavailableError } from "./site-unavailable-error";

interface ErrorBody {
  error?: unknown;
  code?: unknown;
  details?: { scope?: unknown; resetAt?: unknown };
}

const SCOPES: readonly string[] = ["minute", "visitor", "site"];
// Used when a 429 arrives without a usable Retry-After (a proxy in between may drop it).
const FALLBACK_WAIT_SECONDS = 60;

/** Maps the contract's JSON error (`{ error, code, details }`) to a typed error. */
export function errorFromResponse(status: number, headers: Headers, body: unknown, now = Date.now()): ApiError {
  const parsed: ErrorBody = typeof body === "object" && body !== null ? body : {};
  const code = typeof parsed.code === "string" ? parsed.code : `HTTP_${status}`;
  const message = typeof parsed.error === "string" ? parsed.error : `The chat service answered ${status}.`;
  const retryAfter = parseRetryAfter(headers.get("Retry-After"), now);

  if (status === 429) {
    const scope = parsed.details?.scope;
    const limit: LimitScope =
      typeof scope === "string" && SCOPES.includes(scope) ? (scope as LimitScope) : code === "RATE_LIMITED" ? "minute" : "visitor";
    return new RateLimitedError(message, code, retryAfter ?? secondsUntil(parsed.details?.resetAt, now) ?? FALLBACK_WAIT_SECONDS, limit);
  }
  if (code === "PROVIDER_ERROR" || code === "PROVIDER_BUSY") return new ProviderError(message, code, status, retryAfter);
  if (code === "SITE_DISABLED" || code === "UNKNOWN_SITE") return new SiteUnavailableError(message, code, status);
  return new ApiError(message, code, status);
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  return secondsUntil(value, now);
}

function secondsUntil(date: unknown, now: number): number | null {
  if (typeof date !== "string") return null;
  const time = Date.parse(date);
  return Number.isNaN(time) ? null : Math.max(0, Math.ceil((time - now) / 1000));
}
