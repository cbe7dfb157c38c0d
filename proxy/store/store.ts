// Storage sits behind this interface, with two backends: files in DATA_DIR (proxy/store/files/,
// one process) and PostgreSQL (proxy/store/postgres/, any number of processes). The store is
// deliberately dumb: it persists what it is given and counts atomically. Business rules (TTL,
// limits, which key a visitor has) live in history.ts and quota.ts.
import type { KnowledgeStore } from "../knowledge/knowledge-store.js";
import type { SitesDocument } from "../sites/site.js";
import type { UsageChanges, UsageDocument } from "../usage/usage-shapes.js";

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

/** Accepted chat messages of one UTC day, keyed by site id and by visitor key (a keyed hash). */
export interface DailyCounters {
  sites: Record<string, number>;
  visitors: Record<string, number>;
}

/** One message counted against the daily limits. */
export interface QuotaCount {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  siteId: string;
  siteLimit: number;
  /** Undefined for a keyed call: only the site's limit counts. */
  visitorKey: string | undefined;
  visitorLimit: number;
}

export interface QuotaCounters {
  /** Reads the day's counts where they live in memory (files); nothing for a shared store. */
  load(day: string): Promise<void>;
  /**
   * Atomic check-and-count: counts the message against both limits, or against neither and says
   * which limit refused it. Concurrent calls, from any process sharing the store, never admit
   * more than a limit allows.
   */
  consume(count: QuotaCount): Promise<"visitor" | "site" | undefined>;
  /** Gives back one consumed message (a request refused later: store down, provider busy). */
  refund(count: Pick<QuotaCount, "day" | "siteId" | "visitorKey">): Promise<void>;
  /** Resolves when the counts as of now are stored. */
  flush(): Promise<void>;
}

/** Fixed windows for the per-minute limit (behind express-rate-limit's Store, see minute-window-store.ts). */
export interface MinuteWindows {
  /** Counts a hit in the key's live window (a new one ending at `now + windowMs` if none is live). */
  increment(key: string, now: Date, windowMs: number): Promise<{ totalHits: number; resetTime: Date }>;
  decrement(key: string, now: Date): Promise<void>;
  reset(key: string): Promise<void>;
}

/** The sites the admin CLI manages (their server keys stored as hashes, inside each site). */
export interface SitesStore {
  /** Undefined when no site was ever created: the environment's single site. */
  read(): Promise<SitesDocument | undefined>;
  /** Changes that only differ in this token need no re-read (files: mtime/size/inode; postgres: a counter). */
  version(): Promise<string>;
  /**
   * Read, change in memory, write, as one step no other change interleaves with; a change that
   * throws writes nothing. Every proxy sees the result within 5 seconds.
   */
  change<T>(change: (document: SitesDocument) => T): Promise<T>;
  /** Calls `listener` soon after a change (postgres: LISTEN/NOTIFY); polling `version()` stays the guarantee. */
  watch(listener: () => void): () => void;
}

export interface UsageStore {
  read(): Promise<UsageDocument | undefined>;
  /** Adds counts (never replaces them), so several processes can record at once. */
  record(changes: UsageChanges): Promise<void>;
}

export interface Store {
  /** Which backend: said in the start-up line and by /health/ready. */
  readonly kind: "files" | "postgres";
  /** Random per install, created on first open; the daily visitor-key secrets derive from it. */
  readonly installSecret: Buffer;

  readThread(sessionId: string): Promise<Thread | undefined>;
  /**
   * Read-modify-write of one thread, serialised per session (across processes, too) so concurrent
   * messages of one conversation never overwrite each other. `update` is pure; returning
   * undefined deletes; returning `current` itself changes nothing and writes nothing. Resolves
   * with the thread as stored. A backend may store an update that only adds messages at the end
   * as an append.
   */
  updateThread(sessionId: string, update: (current: Thread | undefined) => Thread | undefined): Promise<Thread | undefined>;
  deleteThread(sessionId: string): Promise<void>;
  /** Deletes threads started before `cutoff`, in small batches that never hold up chats; returns how many went. */
  pruneThreads(cutoff: Date): Promise<number>;

  readonly quotas: QuotaCounters;
  readonly minuteWindows: MinuteWindows;
  readonly sites: SitesStore;
  readonly usage: UsageStore;
  /** Each site's knowledge sources and pages (knowledge/knowledge-store.ts). */
  readonly knowledge: KnowledgeStore;

  /** Throws StoreUnavailableError when the store cannot be read or written. */
  checkHealth(): Promise<void>;
  /** Flushes pending writes and releases what the store holds (the data directory, the pool). */
  close(): Promise<void>;
}
