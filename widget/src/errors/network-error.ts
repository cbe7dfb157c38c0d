/**
 * The proxy could not be reached, or the connection broke mid-reply. `offline` says the browser
 * knows it has no network, so the widget can say so instead of blaming the service.
 */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(
    message: string,
    readonly offline: boolean,
    readonly interrupted: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
