// Saves the quota's in-memory counters without a write per request: at most one write in
// flight, then one more with the latest counts. Many consumes cost few writes, and flush() can
// still promise that the counts as of its call are on disk.
import type { DailyCounters, Store } from "./store.js";

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

export function createCounterSaver(store: Store): CounterSaver {
  const pending = new Map<string, DayCounters>();
  let version = 0;
  let savedVersion = 0;
  let running: Promise<void> | undefined;
  let failure: unknown;

  async function drain(): Promise<void> {
    // Consumes of the same tick (a burst) share one write.
    await Promise.resolve();
    while (pending.size > 0) {
      const target = version;
      const batch = [...pending.values()];
      pending.clear();
      try {
        for (const day of batch) await store.writeCounters(day.day, snapshot(day));
      } catch (error) {
        // Keep what was not saved (unless newer counts replaced it); the next change or flush retries.
        for (const day of batch) if (!pending.has(day.day)) pending.set(day.day, day);
        failure = error;
        return;
      }
      savedVersion = target;
      failure = undefined;
    }
  }

  function start(): Promise<void> {
    running ??= drain().finally(() => {
      running = undefined;
      // A change that landed after the loop's last check but before this callback.
      if (pending.size > 0 && failure === undefined) void start();
    });
    return running;
  }

  return {
    changed(day) {
      version += 1;
      pending.set(day.day, day);
      void start();
    },
    async flush() {
      const target = version;
      while (savedVersion < target) {
        await start();
        if (savedVersion < target && failure !== undefined) throw failure;
      }
    },
  };
}

function snapshot(day: DayCounters): DailyCounters {
  return { sites: Object.fromEntries(day.sites), visitors: Object.fromEntries(day.visitors) };
}
