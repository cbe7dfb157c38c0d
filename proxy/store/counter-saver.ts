// Saves the local quota counters through a coalescing saver: a burst of consumes costs few
// writes, and only the days that changed since the last save are written. With `saveEveryMs`,
// changes wait for the next tick of that interval instead (flush() saves at once): decisions are
// made on the counts in memory either way, and a crash loses at most the interval's counts.
import { createCoalescingSaver } from "../coalescing-saver.js";
import type { DailyCounters } from "./store.js";

/** Where a process keeps its daily counters between runs (a file per day, the tests' memory). */
export interface CounterPersistence {
  /** Counters of a UTC day (`YYYY-MM-DD`), empty when none were saved. */
  readCounters(day: string): Promise<DailyCounters>;
  /** Persists a day's counters; the latest value wins. */
  writeCounters(day: string, counters: DailyCounters): Promise<void>;
}

/** One UTC day's live counts, owned by the quota; saved as a snapshot. */
export interface DayCounters {
  day: string;
  sites: Map<string, number>;
  visitors: Map<string, number>;
}

export interface CounterSaver {
  /** Schedules a save of this day's counts. */
  changed(day: DayCounters): void;
  /** Resolves when the counts as of the call are stored; rejects with the store's error otherwise. */
  flush(): Promise<void>;
}

export interface CounterSaverOptions {
  /** 0 or absent: save right after each change (coalesced). */
  saveEveryMs?: number;
}

export function createCounterSaver(store: CounterPersistence, { saveEveryMs = 0 }: CounterSaverOptions = {}): CounterSaver {
  const pending = new Map<string, DayCounters>();
  let timer: NodeJS.Timeout | undefined;
  const saver = createCoalescingSaver(async () => {
    const batch = [...pending.values()];
    pending.clear();
    try {
      for (const day of batch) await store.writeCounters(day.day, snapshot(day));
    } catch (error) {
      // Keep what was not saved, unless newer counts replaced it.
      for (const day of batch) if (!pending.has(day.day)) pending.set(day.day, day);
      throw error;
    }
  });

  return {
    changed(day) {
      pending.set(day.day, day);
      if (saveEveryMs <= 0) saver.changed();
      else
        timer ??= setTimeout(() => {
          timer = undefined;
          saver.changed();
        }, saveEveryMs).unref();
    },
    flush() {
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
        saver.changed();
      }
      return saver.flush();
    },
  };
}

function snapshot(day: DayCounters): DailyCounters {
  return { sites: Object.fromEntries(day.sites), visitors: Object.fromEntries(day.visitors) };
}
