// The Store on files under DATA_DIR, for one process:
//   .lock                           pid of the one process that may write here (data-dir-lock.ts)
//   sessions/<2 hex>/<sha256>.jsonl one conversation each, as JSON lines (thread-files.ts)
//   counters/<YYYY-MM-DD>.json      daily quota counters, counted exactly in memory (counter-files.ts)
//   usage.json, sites.json          usage (usage-file.ts) and the CLI's sites (sites-file.ts)
//   install-secret                  the visitor-key secret's seed (install-secret.ts)
// Minute windows live in memory only. Counters and usage are saved every COUNTERS_SAVE_MS and
// at close; quota decisions are made on the counts in memory, so they stay exact.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { systemClock, type Clock } from "../../clock.js";
import { openCounterFiles, type CounterFiles } from "./counter-files.js";
import { createLocalMinuteWindows } from "../local-minute-windows.js";
import { createLocalQuotaCounters } from "../local-quota-counters.js";
import { acquireDataDirLock } from "./data-dir-lock.js";
import { probeDisk } from "./disk-probe.js";
import { failClosed } from "../store-guard.js";
import { openKnowledgeFiles } from "./knowledge-files.js";
import { readInstallSecret } from "./install-secret.js";
import { openSitesFile } from "./sites-file.js";
import { openThreadFiles, type ThreadFiles } from "./thread-files.js";
import { openUsageFile, type UsageFile } from "./usage-file.js";
import type { Store } from "../store.js";

/** How often the daily quota counters and usage are saved (and at shutdown); README "Crashes" states it. */
export const COUNTERS_SAVE_MS = 1_000;

export interface LowdbStoreOptions {
  dataDir: string;
  /** Decides which daily counter files are old enough to delete at open. */
  clock?: Clock;
  /** Defaults to COUNTERS_SAVE_MS; 0 saves after every change. */
  countersSaveMs?: number;
  /** Dead weight a conversation's file may carry before it is rewritten (thread-files.ts; tests lower it). */
  compactDeadBytes?: number;
}

/** Throws DataDirLockedError, or DataFileError naming a corrupt or unreadable file: both stop start-up. */
export async function openLowdbStore({ dataDir, clock = systemClock, countersSaveMs = COUNTERS_SAVE_MS, compactDeadBytes }: LowdbStoreOptions): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireDataDirLock(dataDir);
  const sessionsDir = join(dataDir, "sessions");
  let threads: ThreadFiles;
  let counters: CounterFiles;
  let installSecret: Buffer;
  let usage: UsageFile;
  try {
    await mkdir(sessionsDir, { recursive: true });
    threads = await openThreadFiles(sessionsDir, compactDeadBytes);
    counters = await openCounterFiles(join(dataDir, "counters"), clock.now());
    installSecret = await readInstallSecret(dataDir);
    usage = await openUsageFile(dataDir, { saveEveryMs: countersSaveMs });
  } catch (error) {
    await lock.release();
    throw error;
  }

  let closed = false;

  // Every failure after open is the store being unusable for now: the request fails closed (503).
  const guard = failClosed(() => closed);

  const quotas = createLocalQuotaCounters(
    {
      readCounters: (day) => guard(() => counters.read(day)),
      writeCounters: (day, values) => guard(() => counters.write(day, values)),
    },
    { saveEveryMs: countersSaveMs },
  );

  return {
    kind: "files",
    installSecret,
    readThread: (sessionId) => guard(() => threads.readThread(sessionId)),
    updateThread: (sessionId, update) => guard(() => threads.updateThread(sessionId, update)),
    deleteThread: (sessionId) => guard(() => threads.deleteThread(sessionId)),
    pruneThreads: (cutoff) => guard(() => threads.pruneThreads(cutoff)),

    quotas,
    minuteWindows: createLocalMinuteWindows(),
    sites: openSitesFile(dataDir),
    usage: { read: () => guard(() => usage.read()), record: (changes) => guard(() => usage.record(changes)) },
    knowledge: openKnowledgeFiles(dataDir),

    checkHealth: () => guard(() => probeDisk([sessionsDir, counters.dir])),

    async close() {
      if (closed) return;
      await quotas.flush().catch(() => undefined);
      closed = true;
      await threads.close();
      await counters.idle();
      await usage.flush().catch(() => undefined);
      await lock.release();
    },
  };
}
