// Every failure the API can report. Routes and the core throw these; one handler in app.ts maps
// them to `{ error, code, details? }` with their status (and Retry-After when set). Anything else
// that reaches the handler is a bug and becomes a generic 500 without its message.

export type ErrorCode =
  | "INVALID_REQUEST"
  | "MESSAGE_TOO_LONG"
  | "PAYLOAD_TOO_LARGE"
  | "ORIGIN_NOT_ALLOWED"
  | "RATE_LIMITED"
  | "DAILY_QUOTA_EXCEEDED"
  | "PROVIDER_ERROR"
  | "PROVIDER_BUSY"
  | "STORE_UNAVAILABLE"
  | "NOT_FOUND"
  | "INTERNAL_ERROR"
  | "MISSING_API_KEY"
  | "INVALID_API_KEY"
  | "SITE_DISABLED"
  | "CREDITS_EXHAUSTED"
  | "UNKNOWN_SITE"
  | "ADMIN_UNAUTHORIZED";

export interface ApiErrorOptions {
  details?: Record<string, unknown>;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  cause?: unknown;
}

export class ApiError extends Error {
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfter: number | undefined;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ApiError";
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }
}

export type QuotaScope = "minute" | "visitor" | "site";

export interface QuotaDetails {
  scope: QuotaScope;
  limit: number;
  remaining: 0;
  /** ISO time when the window resets. */
  resetAt: string;
}

/** 429 for every quota: `RATE_LIMITED` for the minute window, `DAILY_QUOTA_EXCEEDED` for days. */
export class QuotaExceededError extends ApiError {
  constructor(scope: QuotaScope, limit: number, resetAt: Date, now: Date) {
    const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
    const details: QuotaDetails = { scope, limit, remaining: 0, resetAt: resetAt.toISOString() };
    super(429, scope === "minute" ? "RATE_LIMITED" : "DAILY_QUOTA_EXCEEDED", quotaMessage(scope), {
      details: { ...details },
      retryAfter,
    });
    this.name = "QuotaExceededError";
  }
}

function quotaMessage(scope: QuotaScope): string {
  switch (scope) {
    case "minute":
      return "You're sending messages too fast. Please wait a moment and try again.";
    case "visitor":
      return "You've reached today's message limit. Please come back tomorrow.";
    case "site":
      return "This site's daily chat limit is reached. Please come back tomorrow.";
  }
}

/** The model could not answer. The upstream's own text never goes in `message`, only in `cause`. */
export class ProviderError extends ApiError {
  constructor(message = "The assistant could not answer just now. Please try again.", cause?: unknown) {
    super(500, "PROVIDER_ERROR", message, { cause });
    this.name = "ProviderError";
  }
}

/** The upstream rate-limited us; its Retry-After is passed on. */
export class ProviderBusyError extends ApiError {
  constructor(retryAfter: number | undefined, cause?: unknown) {
    super(503, "PROVIDER_BUSY", "The assistant is busy right now. Please try again in a moment.", {
      retryAfter: retryAfter ?? 10,
      cause,
    });
    this.name = "ProviderBusyError";
  }
}

/** The store cannot read or write (disk full, permissions, corrupt file). We fail closed. */
export class StoreUnavailableError extends ApiError {
  constructor(cause?: unknown) {
    super(503, "STORE_UNAVAILABLE", "The chat is temporarily unavailable. Please try again shortly.", {
      retryAfter: 30,
      cause,
    });
    this.name = "StoreUnavailableError";
  }
}

export class InvalidRequestError extends ApiError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(400, "INVALID_REQUEST", message, details ? { details } : {});
    this.name = "InvalidRequestError";
  }
}

/** A route that needs a site's server key (e.g. /api/usage) was called without `X-API-Key`. */
export class MissingApiKeyError extends ApiError {
  constructor() {
    super(401, "MISSING_API_KEY", "This call needs the site's server key in the X-API-Key header.");
    this.name = "MissingApiKeyError";
  }
}

/** Malformed, unknown, or belonging to another site than `X-Site-Id` names. One message for all: no oracle. */
export class InvalidApiKeyError extends ApiError {
  constructor() {
    super(401, "INVALID_API_KEY", "The server key in X-API-Key is not valid.");
    this.name = "InvalidApiKeyError";
  }
}

export class UnknownSiteError extends ApiError {
  constructor() {
    super(404, "UNKNOWN_SITE", "This chat is not set up for this site.");
    this.name = "UnknownSiteError";
  }
}

export class SiteDisabledError extends ApiError {
  constructor() {
    super(403, "SITE_DISABLED", "The chat is unavailable on this site right now.");
    this.name = "SiteDisabledError";
  }
}

/** The site's monthly token budget is spent; it resets on the first of next month (UTC). */
export class CreditsExhaustedError extends ApiError {
  constructor(budget: number, resetAt: Date) {
    super(403, "CREDITS_EXHAUSTED", "This site's chat credits for the month are used up.", {
      details: { limit: budget, resetAt: resetAt.toISOString() },
    });
    this.name = "CreditsExhaustedError";
  }
}

/** /admin's JSON without the right `Authorization: Bearer <ADMIN_TOKEN>`. */
export class AdminUnauthorizedError extends ApiError {
  constructor() {
    super(401, "ADMIN_UNAUTHORIZED", "The admin token is missing or wrong.");
    this.name = "AdminUnauthorizedError";
  }
}

/** The provider says this model is retired or unknown; the chat tries the next model of its list. */
export class ModelRetiredError extends ProviderError {
  constructor(readonly model: string, cause?: unknown) {
    super(undefined, cause);
    this.name = "ModelRetiredError";
  }
}

/** The provider refused our key (401). At start-up this stops the proxy; the key itself is never in it. */
export class ProviderKeyRefusedError extends ProviderError {
  constructor(cause?: unknown) {
    super(undefined, cause);
    this.name = "ProviderKeyRefusedError";
  }
}
