// Conversations: a thread lives sessionTtlMs from its first message; after that the same
// sessionId starts a new, empty thread.
import type { Clock } from "./clock.js";
import type { Role, Store, StoredMessage } from "./store.js";

export interface History {
  /** The live thread's messages, oldest first; [] when none or expired. */
  read(sessionId: string): Promise<StoredMessage[]>;
  /** Stamps createdAt from the clock; starts a new thread when the old one expired. On disk when resolved. */
  append(sessionId: string, role: Role, content: string): Promise<StoredMessage>;
  remove(sessionId: string): Promise<void>;
  /** Deletes expired threads so the store does not grow without bound. */
  prune(): Promise<number>;
}

export interface HistoryDeps {
  store: Store;
  clock: Clock;
  sessionTtlMs: number;
}

export function createHistory(deps: HistoryDeps): History {
  throw new Error(`createHistory is not implemented yet (${deps.sessionTtlMs})`);
}
