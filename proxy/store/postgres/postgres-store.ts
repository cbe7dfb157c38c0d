// The Store on PostgreSQL (DATABASE_URL), shared by any number of proxy processes and the admin
// CLI. Everything a request needs is one or a few statements on a pooled connection; every wait is
// bounded (pool.ts), and every failure is StoreUnavailableError: 503, never a hang, never an
// unmetered model call. The schema is migrated at open (migrations.ts).
import { randomBytes } from "node:crypto";
import { systemClock, type Clock } from "../../clock.js";
import { StoreUnavailableError } from "../../errors.js";
import { failClosed } from "../store-guard.js";
import { USAGE_KEPT_DAYS } from "../../usage/usage-ledger.js";
import { daysBefore, utcDay } from "../../utc-day.js";
import { KnowledgeBusyError, type KnowledgeDocument } from "../../knowledge/knowledge-store.js";
import { createKeyedQueue } from "../keyed-queue.js";
import type { MinuteWindows, QuotaCounters, SitesStore, Store, UsageStore } from "../store.js";
import { createChangeFeed } from "./change-feed.js";
import { migrate } from "./migrations.js";
import { postgresKnowledge } from "./knowledge.js";
import { postgresMinuteWindows } from "./minute-windows.js";
import { createPool, type Pool } from "./pool.js";
import { postgresQuotaCounters } from "./quota-counters.js";
import { postgresSites, SITES_CHANNEL } from "./sites.js";
import { postgresThreads } from "./threads.js";
import { postgresUsage } from "./usage.js";

export interface PostgresStoreOptions {
  url: string;
  clock?: Clock;
  /** Connections per process (default 10). */
  poolSize?: number;
  /** Bound on connecting and on each statement (default 3 s). */
  timeoutMs?: number;
  /** How often ended minute windows and old counters are deleted (default 60 s; 0: never). */
  housekeepingMs?: number;
}

/** The database could not be used at start-up: one line naming the variable, never its value. */
export class DatabaseUnreachableError extends Error {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
    super(`DATABASE_URL: cannot use the database (${reason}); start it, or correct the URL.`, { cause });
    this.name = "DatabaseUnreachableError";
  }
}

/** Throws DatabaseUnreachableError: the database unreachable, or refusing the migration. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const { url, clock = systemClock, housekeepingMs = 60_000 } = options;
  const pool = createPool({ url, max: options.poolSize, timeoutMs: options.timeoutMs });
  let installSecret: Buffer;
  try {
    await migrate(pool);
    installSecret = await readInstallSecret(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnreachableError(error);
  }
  const feed = createChangeFeed(url, SITES_CHANNEL);
  const threads = postgresThreads(pool);
  const sites = postgresSites(pool, feed);
  const knowledge = postgresKnowledge(pool);
  const queue = createKeyedQueue();
  let closed = false;

  const guard = failClosed(() => closed);

  function guardAll<T extends object>(target: T): T {
    const guarded = {} as Record<string, unknown>;
    for (const [name, value] of Object.entries(target)) {
      guarded[name] = typeof value === "function" ? (...args: unknown[]) => guard(() => value(...args)) : value;
    }
    return guarded as T;
  }

  const housekeeping = housekeepingMs > 0 ? setInterval(() => void sweep(pool, clock).catch(() => undefined), housekeepingMs) : undefined;
  housekeeping?.unref();

  return {
    kind: "postgres",
    installSecret,
    readThread: (sessionId) => guard(() => threads.readThread(sessionId)),
    // One process queues its own updates of a session, so they wait here instead of each holding
    // a pooled connection while waiting for the session's lock.
    updateThread: (sessionId, update) => guard(() => queue.run(sessionId, () => threads.updateThread(sessionId, update))),
    deleteThread: (sessionId) => guard(() => queue.run(sessionId, () => threads.deleteThread(sessionId))),
    pruneThreads: (cutoff) => guard(() => threads.pruneThreads(cutoff)),
    quotas: guardAll<QuotaCounters>(postgresQuotaCounters(pool)),
    minuteWindows: guardAll<MinuteWindows>(postgresMinuteWindows(pool)),
    sites: {
      ...guardAll<SitesStore>(sites),
      // What the change itself throws (an unknown site id) is the caller's, not the store's failure.
      async change(change) {
        let refusal: { error: unknown } | undefined;
        const guarded = (document: Parameters<typeof change>[0]) => {
          try {
            return change(document);
          } catch (error) {
            refusal = { error };
            throw error;
          }
        };
        return guard(() => sites.change(guarded)).catch((error: unknown) => {
          throw refusal ? refusal.error : error;
        });
      },
      watch: (listener) => sites.watch(listener),
    },
    usage: guardAll<UsageStore>(postgresUsage(pool, clock)),
    knowledge: {
      read: (siteId) => guard(() => knowledge.read(siteId)),
      version: (siteId) => guard(() => knowledge.version(siteId)),
      // A crawl that fails, or a change another command saved first, is the caller's to report.
      async change(siteId, change) {
        let refusal: { error: unknown } | undefined;
        const guarded = async (document: KnowledgeDocument) => {
          try {
            return await change(document);
          } catch (error) {
            refusal = { error };
            throw error;
          }
        };
        return guard(() => knowledge.change(siteId, guarded)).catch((error: unknown) => {
          if (refusal) throw refusal.error;
          throw error instanceof StoreUnavailableError && error.cause instanceof KnowledgeBusyError ? error.cause : error;
        });
      },
    },
    checkHealth: () =>
      guard(async () => {
        await pool.query("SELECT 1");
      }),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(housekeeping);
      await queue.idle();
      await feed.close();
      await pool.end();
    },
  };
}

async function readInstallSecret(pool: Pool): Promise<Buffer> {
  await pool.query("INSERT INTO chat_install (secret) VALUES ($1) ON CONFLICT DO NOTHING", [randomBytes(32)]);
  const { rows } = await pool.query<{ secret: Buffer }>("SELECT secret FROM chat_install");
  return rows[0]!.secret;
}

// Ended minute windows, counters of days before yesterday, usage older than it is kept.
async function sweep(pool: Pool, clock: Clock): Promise<void> {
  const now = clock.now();
  const today = utcDay(now);
  await pool.query("DELETE FROM chat_minute_windows WHERE reset_at <= $1", [now]);
  await pool.query("DELETE FROM chat_quota_counts WHERE day < $1", [daysBefore(today, 1)]);
  await pool.query("DELETE FROM chat_usage_days WHERE day < $1", [daysBefore(today, USAGE_KEPT_DAYS - 1)]);
  await pool.query("DELETE FROM chat_usage_sessions WHERE day < $1", [daysBefore(today, USAGE_KEPT_DAYS - 1)]);
}
