// A store that throws anything (disk full, permissions, a corrupt file) is unavailable: the
// request fails closed with 503 STORE_UNAVAILABLE instead of a generic 500.
import { ApiError, StoreUnavailableError } from "../errors.js";

export async function guardStore<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof ApiError ? error : new StoreUnavailableError(error);
  }
}

/** A backend's wrapper for its own operations: none after close(), and every failure a 503. */
export function failClosed(isClosed: () => boolean): <T>(operation: () => Promise<T>) => Promise<T> {
  return async (operation) => {
    if (isClosed()) throw new StoreUnavailableError(new Error("the store is closed"));
    try {
      return await operation();
    } catch (error) {
      throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
    }
  };
}
