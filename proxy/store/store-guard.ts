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
