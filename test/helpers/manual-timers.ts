// Timers that fire only when a test says so: the catalog's hourly and per-minute refreshes
// without waiting an hour.
import type { Timers } from "../../proxy/llm/catalog-refresh.js";

export interface ManualTimers extends Timers {
  /** The delay of the timer waiting now, if one is. */
  pendingMs(): number | undefined;
  /** Runs the waiting timer. */
  fire(): void;
}

export function createManualTimers(): ManualTimers {
  let pending: { run: () => void; ms: number } | undefined;
  return {
    setTimeout(run, ms) {
      pending = { run, ms };
      return pending;
    },
    clearTimeout(handle) {
      if (handle === pending) pending = undefined;
    },
    pendingMs: () => pending?.ms,
    fire() {
      const timer = pending;
      pending = undefined;
      timer?.run();
    },
  };
}
