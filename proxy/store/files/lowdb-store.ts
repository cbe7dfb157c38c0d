// The Store on lowdb files under DATA_DIR, for one process:
//   .lock                          pid of the one process that may write here (data-dir-lock.ts)
//   sessions/<2 hex>/<sha256>.json one conversation each (session-files.ts)
//   counters/<YYYY-MM-DD>.json     daily quota counters, counted exactly in memory (counter-files.ts)
//   usage.json, sites.json         usage (usage-file.ts) and the CLI's sites (sites-file.ts)
//   install-secret                 the visitor-key secret's seed (install-secret.ts)
// Minute windows live in memory only.
// lowdb rewrites a whole document per write, so documents are small: saving a message costs the
// same with 1,000 or 100,000 stored. Thread start times are indexed in memory at open, so reads of
// unknown sessions and pruning touch no disk beyond the files they change.
import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { TextFile } from "lowdb/node";
import { systemClock, type Clock } from "../../clock.js";
import { openCounterFiles, type CounterFiles } from "./counter-files.js";
import { createLocalMinuteWindows } from "../local-minute-windows.js";
import { createLocalQuotaCounters } from "../local-quota-counters.js";
import { acquireDataDirLock } from "./data-dir-lock.js";
import { writeDataFile } from "./data-file.js";
import { decodeThread } from "../data-shapes.js";
import { probeDisk } from "./disk-probe.js";
import { StoreUnavailableError } from "../../errors.js";
import { isCode } from "./fs-errors.js";
import { readInstallSecret } from "./install-secret.js";
import { createKeyedQueue } from "../keyed-queue.js";
import { readSessionFile, scanSessionFiles, sessionFile } from "./session-files.js";
import { openSitesFile } from "./sites-file.js";
import { openUsageFile } from "./usage-file.js";
import type { Store, Thread, UsageStore } from "../store.js";

const PRUNE_BATCH = 64;

export interface LowdbStoreOptions {
  dataDir: string;
  /** Decides which daily counter files are old enough to delete at open. */
  clock?: Clock;
}

/** Throws DataDirLockedError, or DataFileError naming a corrupt or unreadable file: both stop start-up. */
export async function openLowdbStore({ dataDir, clock = systemClock }: LowdbStoreOptions): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireDataDirLock(dataDir);
  const sessionsDir = join(dataDir, "sessions");
  const threadStarts = new Map<string, number>();
  let counters: CounterFiles;
  let installSecret: Buffer;
  let usage: UsageStore;
  try {
    await mkdir(sessionsDir, { recursive: true });
    await scanSessionFiles(sessionsDir, (thread) => threadStarts.set(thread.sessionId, Date.parse(thread.startedAt)));
    counters = await openCounterFiles(join(dataDir, "counters"), clock.now());
    installSecret = await readInstallSecret(dataDir);
    usage = await openUsageFile(dataDir);
  } catch (error) {
    await lock.release();
    throw error;
  }

  const queue = createKeyedQueue();
  let closed = false;

  // Every failure after open is the store being unusable for now: the request fails closed (503).
  async function guard<T>(operation: () => Promise<T>): Promise<T> {
    if (closed) throw new StoreUnavailableError(new Error("the store is closed"));
    try {
      return await operation();
    } catch (error) {
      throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
    }
  }

  const readStored = async (sessionId: string): Promise<Thread | undefined> =>
    threadStarts.has(sessionId) ? readSessionFile(sessionsDir, sessionFile(sessionsDir, sessionId)) : undefined;

  // A recursive mkdir costs a mkdir and a stat even when the folder exists, and there are only
  // 256 shard folders: each is created once per process, not on every message.
  const shards = new Set<string>();
  async function ensureShard(dir: string): Promise<void> {
    if (shards.has(dir)) return;
    await mkdir(dir, { recursive: true });
    shards.add(dir);
  }

  async function removeFile(sessionId: string): Promise<void> {
    await rm(sessionFile(sessionsDir, sessionId), { force: true });
    threadStarts.delete(sessionId);
  }

  const quotas = createLocalQuotaCounters({
    readCounters: (day) => guard(() => counters.read(day)),
    writeCounters: (day, values) => guard(() => counters.write(day, values)),
  });

  return {
    kind: "files",
    installSecret,
    readThread: (sessionId) => guard(() => readStored(sessionId)),

    updateThread: (sessionId, update) =>
      guard(() =>
        queue.run(sessionId, async () => {
          const current = await readStored(sessionId);
          const next = update(current);
          if (next !== undefined && next === current) return current;
          if (!next) {
            await removeFile(sessionId);
            return undefined;
          }
          // Never write what the next start-up would refuse to read.
          if (next.sessionId !== sessionId || !decodeThread(next)) throw new Error(`Refusing to save a malformed thread for ${sessionId}`);
          const file = sessionFile(sessionsDir, sessionId);
          await ensureShard(dirname(file));
          await writeDataFile(new TextFile(file), next).catch(async (error: unknown) => {
            if (!isCode(error, "ENOENT")) throw error;
            // The shard folder was removed under us (by hand): create it again and write once more.
            await mkdir(dirname(file), { recursive: true });
            await writeDataFile(new TextFile(file), next);
          });
          threadStarts.set(sessionId, Date.parse(next.startedAt));
          return next;
        }),
      ),

    deleteThread: (sessionId) => guard(() => queue.run(sessionId, () => removeFile(sessionId))),

    pruneThreads: (cutoff) =>
      guard(async () => {
        const expired = [...threadStarts].filter(([, started]) => started < cutoff.getTime()).map(([sessionId]) => sessionId);
        let removed = 0;
        // In batches: after a long downtime tens of thousands may be due, and scheduling them all
        // at once stalls the event loop for hundreds of milliseconds.
        for (let start = 0; start < expired.length; start += PRUNE_BATCH) {
          const batch = expired.slice(start, start + PRUNE_BATCH).map((sessionId) =>
            queue.run(sessionId, async () => {
              // The thread may have been replaced by a new one while this prune waited its turn.
              const started = threadStarts.get(sessionId);
              if (started === undefined || started >= cutoff.getTime()) return 0;
              await removeFile(sessionId);
              return 1;
            }),
          );
          for (const count of await Promise.all(batch)) removed += count;
        }
        return removed;
      }),

    quotas,
    minuteWindows: createLocalMinuteWindows(),
    sites: openSitesFile(dataDir),
    usage: { read: () => guard(() => usage.read()), record: (changes) => guard(() => usage.record(changes)) },

    checkHealth: () => guard(() => probeDisk([sessionsDir, counters.dir])),

    async close() {
      if (closed) return;
      await quotas.flush().catch(() => undefined);
      closed = true;
      await queue.idle();
      await counters.idle();
      await lock.release();
    },
  };
}

