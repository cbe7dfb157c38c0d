/** True for the rejection fetch and stream reads produce after AbortController.abort(). */
export function isAbortError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}
