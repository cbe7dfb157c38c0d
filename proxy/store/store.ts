// Storage sits behind this small interface so another backend can replace the files one without
// touching routes or the core. The store is deliberately dumb: it persists what it is given.
// Business rules (TTL, quota limits) live in history.ts and quota.ts.

export type Role = "user" | "assistant";

export interface StoredMessage {
  role: Role;
  content: string;
  /** ISO 8601. */
  createdAt: string;
}

export interface Thread {
  sessionId: string;
  /** ISO 8601 time of the first message; the thread's TTL counts from here. */
  startedAt: string;
  messages: StoredMessage[];
}

/** Accepted chat messages of one UTC day, keyed by site id and by visitor key (IP bucket). */
export interface DailyCounters {
  sites: Record<string, number>;
  visitors: Record<string, number>;
}

export interface Store {
  readThread(sessionId: string): Promise<Thread | undefined>;
  /**
   * Read-modify-write of one thread, serialised per session so concurrent messages of one
   * conversation never overwrite each other. `update` is pure; returning undefined deletes;
   * returning `current` itself changes nothing and writes nothing. Resolves with the thread as
   * it is on disk (written atomically: temp file + rename).
   */
  updateThread(sessionId: string, update: (current: Thread | undefined) => Thread | undefined): Promise<Thread | undefined>;
  deleteThread(sessionId: string): Promise<void>;
  /** Deletes threads started before `cutoff`; returns how many went. */
  pruneThreads(cutoff: Date): Promise<number>;

  /** Counters of a UTC day (`YYYY-MM-DD`), empty when none were saved. */
  readCounters(day: string): Promise<DailyCounters>;
  /** Persists a day's counters; concurrent calls coalesce, the latest value wins. */
  writeCounters(day: string, counters: DailyCounters): Promise<void>;

  /** Throws StoreUnavailableError when the store cannot be read or written. */
  checkHealth(): Promise<void>;
  /** Flushes pending writes and releases the data directory. */
  close(): Promise<void>;
}
