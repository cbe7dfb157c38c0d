// Minute windows in one process's memory (files backend, tests): nothing here reaches the disk, and
// only the one process that owns DATA_DIR counts.
import type { MinuteWindows } from "./store.js";

export function createLocalMinuteWindows(): MinuteWindows {
  const windows = new Map<string, { totalHits: number; resetTime: Date }>();
  let nextSweep = 0;

  function live(key: string, now: number) {
    const window = windows.get(key);
    return window && window.resetTime.getTime() > now ? window : undefined;
  }

  // Ended windows go once a window, so visitors who never come back do not pile up.
  function sweep(now: number, windowMs: number): void {
    if (now < nextSweep) return;
    nextSweep = now + windowMs;
    for (const [key, window] of windows) if (window.resetTime.getTime() <= now) windows.delete(key);
  }

  return {
    async increment(key, time, windowMs) {
      const now = time.getTime();
      sweep(now, windowMs);
      const window = live(key, now) ?? { totalHits: 0, resetTime: new Date(now + windowMs) };
      window.totalHits += 1;
      windows.set(key, window);
      return { ...window };
    },
    async decrement(key, time) {
      const window = live(key, time.getTime());
      if (window && window.totalHits > 0) window.totalHits -= 1;
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}
