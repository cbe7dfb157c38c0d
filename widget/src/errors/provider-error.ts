import { ApiError } from "./api-error";

/** The model upstream failed (PROVIDER_ERROR) or is overloaded (PROVIDER_BUSY, with its Retry-After). */
export class ProviderError extends ApiError {
  override name = "ProviderError";
  constructor(
    message: string,
    code: string,
    status: number,
    readonly retryAfter: number | null = null,
  ) {
    super(message, code, status);
  }
}
