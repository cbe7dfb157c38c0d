// Conversations: a thread lives sessionTtlMs from its first message; after that the same
// sessionId starts a new, empty thread.
import type { Clock } from "./clock.js";
import type { Role, Store, StoredMessage, Thread } from "./store.js";

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
  const { store, clock, sessionTtlMs } = deps;
  const isLive = (thread: Thread, now: Date) => now.getTime() - Date.parse(thread.startedAt) < sessionTtlMs;

  return {
    async read(sessionId) {
      const thread = await store.readThread(sessionId);
      return thread && isLive(thread, clock.now()) ? thread.messages : [];
    },

    async append(sessionId, role, content) {
      const now = clock.now();
      const message: StoredMessage = { role, content, createdAt: now.toISOString() };
      await store.updateThread(sessionId, (current) => {
        const thread = current && isLive(current, now) ? current : { sessionId, startedAt: message.createdAt, messages: [] };
        return { ...thread, messages: [...thread.messages, message] };
      });
      return message;
    },

    remove: (sessionId) => store.deleteThread(sessionId),

    prune: () => store.pruneThreads(new Date(clock.now().getTime() - sessionTtlMs)),
  };
}
