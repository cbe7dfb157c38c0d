// Daily quotas per site and per visitor, counted per UTC day. Counters live in memory for the
// current day so check-and-increment is synchronous (no await between them: no burst slips
// through), and are persisted to the store so a restart does not reset them.
import type { Clock } from "./clock.js";
import { createCounterSaver, type DayCounters } from "./counter-saver.js";
import { QuotaExceededError } from "./errors.js";
import type { Store } from "./store/store.js";
import { nextUtcMidnight, utcDay } from "./utc-day.js";

export interface QuotaTicket {
  day: string;
  siteId: string;
  visitorKey: string | undefined;
}

/** A site's own limits; the quota's defaults when not given. */
export interface QuotaLimits {
  site: number;
  visitor: number;
}

export interface DailyQuota {
  /** Loads today's counters from the store; call once before serving. */
  load(): Promise<void>;
  /**
   * Synchronous check-and-increment; throws QuotaExceededError (scope "visitor" or "site").
   * No visitorKey (a keyed call from a site's backend): only the site's quota counts.
   */
  consume(siteId: string, visitorKey: string | undefined, limits?: QuotaLimits): QuotaTicket;
  /** Gives back what a request that was refused later (store down, provider busy) consumed. */
  refund(ticket: QuotaTicket): void;
  /** Resolves when the counters as of now are on disk; rejects with the store's error if they cannot be. */
  flush(): Promise<void>;
}

export interface DailyQuotaDeps {
  store: Store;
  clock: Clock;
  siteLimit: number;
  visitorLimit: number;
}

export function createDailyQuota(deps: DailyQuotaDeps): DailyQuota {
  const { store, clock, siteLimit, visitorLimit } = deps;
  let today = emptyDay(utcDay(clock.now()));
  const saver = createCounterSaver(store);

  function currentDay(now: Date): DayCounters {
    const day = utcDay(now);
    if (today.day !== day) {
      // The old day's last counts still go to disk; the new day starts at zero.
      saver.changed(today);
      today = emptyDay(day);
    }
    return today;
  }

  return {
    async load() {
      const day = utcDay(clock.now());
      const saved = await store.readCounters(day);
      today = { day, sites: new Map(Object.entries(saved.sites)), visitors: new Map(Object.entries(saved.visitors)) };
    },

    consume(siteId, visitorKey, limits = { site: siteLimit, visitor: visitorLimit }) {
      const now = clock.now();
      const counters = currentDay(now);
      const visitorCount = visitorKey === undefined ? 0 : (counters.visitors.get(visitorKey) ?? 0);
      const siteCount = counters.sites.get(siteId) ?? 0;
      if (visitorCount >= limits.visitor) throw new QuotaExceededError("visitor", limits.visitor, nextUtcMidnight(now), now);
      if (siteCount >= limits.site) throw new QuotaExceededError("site", limits.site, nextUtcMidnight(now), now);
      if (visitorKey !== undefined) counters.visitors.set(visitorKey, visitorCount + 1);
      counters.sites.set(siteId, siteCount + 1);
      saver.changed(counters);
      return { day: counters.day, siteId, visitorKey };
    },

    refund(ticket) {
      const counters = currentDay(clock.now());
      // Yesterday's counts no longer limit anyone.
      if (ticket.day !== counters.day) return;
      if (ticket.visitorKey !== undefined) decrement(counters.visitors, ticket.visitorKey);
      decrement(counters.sites, ticket.siteId);
      saver.changed(counters);
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
