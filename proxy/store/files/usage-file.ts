// DATA_DIR/usage.json, written only by the proxy (which holds DATA_DIR/.lock); the admin CLI only
// reads it. Recorded changes are added to the figures in memory and the whole (small) document
// is written atomically. With `saveEveryMs`, a record is written with the next tick of that
// interval instead of at once (flush() writes now): a crash loses at most that interval's figures.
import { join } from "node:path";
import { TextFile } from "lowdb/node";
import { USAGE_KEPT_DAYS } from "../../usage/usage-ledger.js";
import { applyUsageChanges, decodeUsage, type UsageDocument } from "../../usage/usage-shapes.js";
import { daysBefore } from "../../utc-day.js";
import type { UsageStore } from "../store.js";
import { readDataFile, writeDataFile } from "./data-file.js";

const usageFilePath = (dataDir: string) => join(dataDir, "usage.json");

export function readUsageFile(dataDir: string): Promise<UsageDocument | undefined> {
  return readDataFile(usageFilePath(dataDir), decodeUsage);
}

export interface UsageFile extends UsageStore {
  /** Resolves when every recorded change is in the file. */
  flush(): Promise<void>;
}

/** Reads the file once; a corrupt one stops start-up (DataFileError). */
export async function openUsageFile(dataDir: string, { saveEveryMs = 0 } = {}): Promise<UsageFile> {
  const writer = new TextFile(usageFilePath(dataDir));
  let document = (await readUsageFile(dataDir)) ?? { days: {} };
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  // One write at a time, of the figures as they are when it starts; a failed one is retried by the next.
  function save(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    writing = writing
      .catch(() => undefined)
      .then(async () => {
        if (!dirty) return;
        dirty = false;
        await writeDataFile(writer, trimmed(document)).catch((error: unknown) => {
          dirty = true;
          throw error;
        });
      });
    return writing;
  }

  return {
    read: async () => structuredClone(document),
    async record(changes) {
      if (saveEveryMs > 0) {
        applyUsageChanges(document, changes);
        dirty = true;
        timer ??= setTimeout(() => void save().catch(() => undefined), saveEveryMs).unref();
        return;
      }
      // Written before it counts: the ledger records a failed batch again.
      const next = structuredClone(document);
      applyUsageChanges(next, changes);
      await writeDataFile(writer, trimmed(next));
      document = next;
    },
    flush: () => save(),
  };
}

function trimmed(document: UsageDocument): UsageDocument {
  const next = structuredClone(document);
  const newest = Object.keys(next.days).sort().at(-1);
  if (newest !== undefined) {
    const keepFrom = daysBefore(newest, USAGE_KEPT_DAYS - 1);
    for (const [day, sites] of Object.entries(next.days)) {
      if (day < keepFrom) delete next.days[day];
      // Session hashes only serve to go on counting today's distinct sessions after a restart.
      else if (day !== newest) for (const usage of Object.values(sites)) delete usage.sessionHashes;
    }
  }
  return next;
}
