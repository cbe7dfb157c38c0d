// A Clock that moves only when a test says so: TTLs and UTC-day rollovers without sleeping.
import type { Clock } from "../../proxy/clock.js";

export interface ManualClock extends Clock {
  set(time: Date | string): void;
  advance(ms: number): void;
}

export function createManualClock(start: Date | string = "2030-01-15T12:00:00.000Z"): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(time) {
      current = new Date(time);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}
