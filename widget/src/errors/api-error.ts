/** The proxy answered with an error: `code` is the contract's code (RATE_LIMITED, STORE_UNAVAILABLE, …). */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
