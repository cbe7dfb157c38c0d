// express-rate-limit's Store over the store's minute windows, counting fixed windows on the
// injected Clock (its MemoryStore reads Date.now(), so tests could not move the minute limit as
// they move the daily quotas). Only the seconds in its RateLimit header's `t=` still come from
// the library's own Date.now(). With PostgreSQL the windows are shared by every proxy process.
import type { Store } from "express-rate-limit";
import type { Clock } from "../clock.js";
import { guardStore } from "../store/store-guard.js";
import type { MinuteWindows } from "../store/store.js";

export function createMinuteWindowStore(windows: MinuteWindows, clock: Clock, windowMs: number, shared: boolean): Store {
  return {
    localKeys: !shared,
    prefix: "minute:",
    increment: (key) => guardStore(windows.increment(key, clock.now(), windowMs)),
    decrement: (key) => guardStore(windows.decrement(key, clock.now())),
    resetKey: (key) => guardStore(windows.reset(key)),
  };
}
