// Exact daily counters in one process's memory, for a store only that process writes (files, and
// the tests' memory store): check-and-count has no await between check and count, so no burst slips
// through, and the counts are saved through a coalescing saver so a restart does not reset them.
import { createCounterSaver, type CounterPersistence, type CounterSaverOptions, type DayCounters } from "./counter-saver.js";
import type { QuotaCounters } from "./store.js";

export function createLocalQuotaCounters(persistence: CounterPersistence, options?: CounterSaverOptions): QuotaCounters {
  let today: DayCounters = emptyDay("");
  const saver = createCounterSaver(persistence, options);

  // Days only move forward: the old day's last counts still go to disk, the new day starts at zero.
  function counters(day: string): DayCounters | undefined {
    if (day > today.day) {
      if (today.day !== "") saver.changed(today);
      today = emptyDay(day);
    }
    // Yesterday's counts no longer limit anyone.
    return day === today.day ? today : undefined;
  }

  return {
    async load(day) {
      const saved = await persistence.readCounters(day);
      today = { day, sites: new Map(Object.entries(saved.sites)), visitors: new Map(Object.entries(saved.visitors)) };
    },

    async consume({ day, siteId, siteLimit, visitorKey, visitorLimit }) {
      const current = counters(day) ?? today;
      const visitorCount = visitorKey === undefined ? 0 : (current.visitors.get(visitorKey) ?? 0);
      const siteCount = current.sites.get(siteId) ?? 0;
      if (visitorCount >= visitorLimit) return "visitor";
      if (siteCount >= siteLimit) return "site";
      if (visitorKey !== undefined) current.visitors.set(visitorKey, visitorCount + 1);
      current.sites.set(siteId, siteCount + 1);
      saver.changed(current);
      return undefined;
    },

    async refund({ day, siteId, visitorKey }) {
      const current = counters(day);
      if (!current) return;
      if (visitorKey !== undefined) decrement(current.visitors, visitorKey);
      decrement(current.sites, siteId);
      saver.changed(current);
    },

    flush: () => saver.flush(),
  };
}

function emptyDay(day: string): DayCounters {
  return { day, sites: new Map(), visitors: new Map() };
}

function decrement(counts: Map<string, number>, key: string): void {
  const count = counts.get(key) ?? 0;
  if (count > 1) counts.set(key, count - 1);
  else counts.delete(key);
}
