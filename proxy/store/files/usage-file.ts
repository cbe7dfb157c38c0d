// DATA_DIR/usage.json, written only by the proxy (which holds DATA_DIR/.lock); the admin CLI only
// reads it. Recorded changes are added to the figures in memory and the whole (small) document
// is written atomically; the ledger already coalesces records.
import { join } from "node:path";
import { TextFile } from "lowdb/node";
import { USAGE_KEPT_DAYS } from "../../usage/usage-ledger.js";
import { applyUsageChanges, decodeUsage, type UsageDocument } from "../../usage/usage-shapes.js";
import { daysBefore } from "../../utc-day.js";
import type { UsageStore } from "../store.js";
import { readDataFile, writeDataFile } from "./data-file.js";

export const usageFilePath = (dataDir: string) => join(dataDir, "usage.json");

export function readUsageFile(dataDir: string): Promise<UsageDocument | undefined> {
  return readDataFile(usageFilePath(dataDir), decodeUsage);
}

/** Reads the file once; a corrupt one stops start-up (DataFileError). */
export async function openUsageFile(dataDir: string): Promise<UsageStore> {
  const writer = new TextFile(usageFilePath(dataDir));
  let document = (await readUsageFile(dataDir)) ?? { days: {} };
  return {
    read: async () => structuredClone(document),
    async record(changes) {
      const next = structuredClone(document);
      applyUsageChanges(next, changes);
      const newest = Object.keys(next.days).sort().at(-1);
      if (newest !== undefined) {
        const keepFrom = daysBefore(newest, USAGE_KEPT_DAYS - 1);
        for (const [day, sites] of Object.entries(next.days)) {
          if (day < keepFrom) delete next.days[day];
          // Session hashes only serve to go on counting today's distinct sessions after a restart.
          else if (day !== newest) for (const usage of Object.values(sites)) delete usage.sessionHashes;
        }
      }
      await writeDataFile(writer, next);
      document = next;
    },
  };
}
