// Conversations: a thread lives sessionTtlMs from its first message; after that the same
// sessionId starts a new, empty thread.
import type { Clock } from "./clock.js";
import { DEFAULT_SITE_ID } from "./sites/site.js";
import type { Role, Store, StoredMessage, Thread } from "./store/store.js";

/**
 * The store's key for a site's conversation. The default site keeps the bare sessionId (the
 * single-site layout on disk stays valid); other sites prefix theirs with a `/`, which a
 * sessionId cannot contain, so no site can name another site's thread.
 */
export function siteSessionKey(siteId: string, sessionId: string): string {
  return siteId === DEFAULT_SITE_ID ? sessionId : `${siteId}/${sessionId}`;
}

export interface History {
  /** The live thread's messages, oldest first; [] when none or expired. */
  read(sessionId: string): Promise<StoredMessage[]>;
  /** Stamps createdAt from the clock; starts a new thread when the old one expired. On disk when resolved. */
  append(sessionId: string, role: Role, content: string): Promise<StoredMessage>;
  /**
   * Appends the visitor's message unless the live thread already ends with it (the widget's Retry
   * after a failed call sends it again; saved twice, the model would see the question twice).
   * Resolves with the live thread's messages, on disk, so the prompt needs no second read.
   */
  appendVisitorMessage(sessionId: string, content: string): Promise<StoredMessage[]>;
  remove(sessionId: string): Promise<void>;
  /** Deletes expired threads so the store does not grow without bound. */
  prune(): Promise<number>;
}

export interface HistoryDeps {
  store: Store;
  clock: Clock;
  sessionTtlMs: number;
  /** Oldest messages beyond this many characters of content are dropped (default 1,000,000). */
  maxThreadChars?: number;
}

// The model never sees more than its context window (128K tokens, roughly 512K characters), and
// each message rewrites its whole thread file: a 30 MB thread (possible within daily quotas with
// long replies) stalled the event loop 265 ms per message. One million characters keeps it near 10 ms.
const MAX_THREAD_CHARS = 1_000_000;

export function createHistory(deps: HistoryDeps): History {
  const { store, clock, sessionTtlMs, maxThreadChars = MAX_THREAD_CHARS } = deps;
  const isLive = (thread: Thread, now: Date) => now.getTime() - Date.parse(thread.startedAt) < sessionTtlMs;

  function appendTo(sessionId: string, current: Thread | undefined, message: StoredMessage, now: Date): Thread {
    const thread = current && isLive(current, now) ? current : { sessionId, startedAt: message.createdAt, messages: [] };
    return { ...thread, messages: keepNewest([...thread.messages, message], maxThreadChars) };
  }

  return {
    async read(sessionId) {
      const thread = await store.readThread(sessionId);
      return thread && isLive(thread, clock.now()) ? thread.messages : [];
    },

    async append(sessionId, role, content) {
      const now = clock.now();
      const message: StoredMessage = { role, content, createdAt: now.toISOString() };
      await store.updateThread(sessionId, (current) => appendTo(sessionId, current, message, now));
      return message;
    },

    async appendVisitorMessage(sessionId, content) {
      const now = clock.now();
      const message: StoredMessage = { role: "user", content, createdAt: now.toISOString() };
      const thread = await store.updateThread(sessionId, (current) => {
        const last = current && isLive(current, now) ? current.messages.at(-1) : undefined;
        // Returning `current` itself leaves the thread as it is, without a write.
        return last?.role === "user" && last.content === content ? current : appendTo(sessionId, current, message, now);
      });
      return thread?.messages ?? [];
    },

    remove: (sessionId) => store.deleteThread(sessionId),

    prune: () => store.pruneThreads(new Date(clock.now().getTime() - sessionTtlMs)),
  };
}

/** The newest messages within the budget; the newest one always stays. */
function keepNewest(messages: StoredMessage[], maxChars: number): StoredMessage[] {
  let total = 0;
  let kept = 0;
  for (const message of [...messages].reverse()) {
    total += message.content.length;
    if (total > maxChars && kept > 0) break;
    kept += 1;
  }
  return messages.slice(messages.length - kept);
}
