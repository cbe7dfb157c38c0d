// Usage per site per UTC day, counted in memory and recorded in the store as additions, without a
// write per request (through coalescing-saver.ts: one write in flight, then one more with what
// came since). Additions, not snapshots, so several processes sharing one store all count.
// The monthly token budget is read from here, so it survives restarts with the store.
import { createHash } from "node:crypto";
import type { Clock } from "../clock.js";
import { createCoalescingSaver } from "../coalescing-saver.js";
import type { TokenUsage } from "../llm/provider.js";
import type { UsageStore } from "../store/store.js";
import { daysBefore, utcDay, utcMonth } from "../utc-day.js";
import {
  applyUsageChanges,
  emptySiteDay,
  mergeUsageChanges,
  usageSeries,
  type UsageChanges,
  type UsageDocument,
  type UsagePoint,
} from "./usage-shapes.js";

export const USAGE_KEPT_DAYS = 90;

/** A `days` option (query or CLI): 30 when absent, undefined unless a whole number from 1 to USAGE_KEPT_DAYS. */
export function parseUsageDays(value: unknown): number | undefined {
  if (value === undefined) return 30;
  const days = typeof value === "string" && /^[0-9]{1,3}$/.test(value) ? Number(value) : Number.NaN;
  return days >= 1 && days <= USAGE_KEPT_DAYS ? days : undefined;
}

export interface UsageLedger {
  /** Reads the stored figures (again: with a shared store, other processes' counts arrive this way). */
  load(): Promise<void>;
  accepted(siteId: string, sessionId: string, usage: TokenUsage | undefined): void;
  refused(siteId: string, code: string): void;
  /** Prompt + completion tokens of the current UTC month. */
  monthTokens(siteId: string): number;
  series(siteId: string, days: number): UsagePoint[];
  /** Resolves when the figures as of now are saved. */
  flush(): Promise<void>;
}

export interface UsageLedgerDeps {
  clock: Clock;
  /** Undefined: kept in memory only. */
  store?: UsageStore;
}

export function createUsageLedger({ clock, store }: UsageLedgerDeps): UsageLedger {
  let document: UsageDocument = { days: {} };
  let pending: UsageChanges = { days: {} };
  const saver =
    store &&
    createCoalescingSaver(async () => {
      const batch = pending;
      pending = { days: {} };
      try {
        await store.record(batch);
      } catch (error) {
        // Keep what was not recorded, in front of what came since.
        mergeUsageChanges(batch, pending);
        pending = batch;
        throw error;
      }
    });

  /** The UTC day whose window the document was last trimmed to. */
  let trimmedOn: string | undefined;

  function change(siteId: string, apply: (change: UsageChanges["days"][string][string]) => void): void {
    const day = utcDay(clock.now());
    const one: UsageChanges = { days: { [day]: { [siteId]: { ...emptySiteDay(), sessionHashes: [] } } } };
    apply(one.days[day]![siteId]!);
    applyUsageChanges(document, one);
    mergeUsageChanges(pending, one);
    // Days only fall out of the window when the UTC day changes (or another document was loaded).
    if (day !== trimmedOn) dropOldDays(day);
    saver?.changed();
  }

  function dropOldDays(today: string): void {
    const keepFrom = daysBefore(today, USAGE_KEPT_DAYS - 1);
    for (const day of Object.keys(document.days)) if (day < keepFrom) delete document.days[day];
    trimmedOn = today;
  }

  return {
    async load() {
      const stored = (await store?.read()) ?? { days: {} };
      // What is not recorded yet stays counted.
      applyUsageChanges(stored, pending);
      document = stored;
      trimmedOn = undefined;
    },
    accepted(siteId, sessionId, usage) {
      change(siteId, (day) => {
        day.messages = 1;
        day.promptTokens = usage?.promptTokens ?? 0;
        day.completionTokens = usage?.completionTokens ?? 0;
        day.sessionHashes.push(createHash("sha256").update(sessionId).digest("hex").slice(0, 16));
      });
    },
    refused(siteId, code) {
      change(siteId, (day) => {
        day.refused[code] = 1;
      });
    },
    monthTokens(siteId) {
      const month = utcMonth(clock.now());
      let total = 0;
      for (const [day, sites] of Object.entries(document.days)) {
        const usage = sites[siteId];
        if (day.startsWith(month) && usage) total += usage.promptTokens + usage.completionTokens;
      }
      return total;
    },
    series: (siteId, days) => usageSeries(document, siteId, utcDay(clock.now()), days),
    async flush() {
      await saver?.flush();
    },
  };
}
