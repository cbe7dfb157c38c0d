// express-rate-limit's Store, counting fixed windows on the injected Clock (its MemoryStore reads
// Date.now(), so tests could not move the minute limit as they move the daily quotas). Only the
// seconds in its RateLimit header's `t=` still come from the library's own Date.now().
import type { Store } from "express-rate-limit";
import type { Clock } from "../clock.js";

export function createMinuteWindowStore(clock: Clock, windowMs: number): Store {
  const windows = new Map<string, { totalHits: number; resetTime: Date }>();
  let nextSweep = 0;

  function live(key: string, now: number) {
    const window = windows.get(key);
    return window && window.resetTime.getTime() > now ? window : undefined;
  }

  // Ended windows go once a window, so visitors who never come back do not pile up.
  function sweep(now: number): void {
    if (now < nextSweep) return;
    nextSweep = now + windowMs;
    for (const [key, window] of windows) if (window.resetTime.getTime() <= now) windows.delete(key);
  }

  return {
    localKeys: true,
    increment(key) {
      const now = clock.now().getTime();
      sweep(now);
      const window = live(key, now) ?? { totalHits: 0, resetTime: new Date(now + windowMs) };
      window.totalHits += 1;
      windows.set(key, window);
      return { ...window };
    },
    decrement(key) {
      const window = live(key, clock.now().getTime());
      if (window && window.totalHits > 0) window.totalHits -= 1;
    },
    resetKey(key) {
      windows.delete(key);
    },
  };
}
