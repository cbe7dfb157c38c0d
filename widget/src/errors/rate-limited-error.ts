import { ApiError } from "./api-error";

/** Which limit refused the message, from the 429's `details.scope`. */
export type LimitScope = "minute" | "visitor" | "site";

export class RateLimitedError extends ApiError {
  override name = "RateLimitedError";
  constructor(
    message: string,
    code: string,
    /** Seconds until a message will be accepted again (from Retry-After). */
    readonly retryAfter: number,
    readonly limit: LimitScope,
  ) {
    super(message, code, 429);
  }
}
