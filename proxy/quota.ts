// Daily quotas per site and per visitor, counted per UTC day by the store's atomic
// check-and-count (exact in one process's memory for files, in the database for PostgreSQL).
import type { Clock } from "./clock.js";
import { QuotaExceededError } from "./errors.js";
import type { Store } from "./store/store.js";
import { nextUtcMidnight, utcDay } from "./utc-day.js";
import { createVisitorKeys } from "./visitor-key.js";

export interface QuotaTicket {
  day: string;
  siteId: string;
  /** The stored (hashed) key. */
  visitorKey: string | undefined;
}

/** A site's own limits; the quota's defaults when not given. */
export interface QuotaLimits {
  site: number;
  visitor: number;
}

export interface DailyQuota {
  /** Loads today's counters where the store keeps them in memory; call once before serving. */
  load(): Promise<void>;
  /**
   * Check-and-count; throws QuotaExceededError (scope "visitor" or "site"), or the store's error.
   * No visitor (a keyed call from a site's backend): only the site's quota counts. `visitor` is the
   * client's address bucket; only a daily keyed hash of it is stored.
   */
  consume(siteId: string, visitor: string | undefined, limits?: QuotaLimits): Promise<QuotaTicket>;
  /** Gives back what a request that was refused later (store down, provider busy) consumed. */
  refund(ticket: QuotaTicket): Promise<void>;
  /** Resolves when the counters as of now are stored; rejects with the store's error if they cannot be. */
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
  const visitorKeys = createVisitorKeys(store.installSecret);

  return {
    load: () => store.quotas.load(utcDay(clock.now())),

    async consume(siteId, visitor, limits = { site: siteLimit, visitor: visitorLimit }) {
      const now = clock.now();
      const ticket: QuotaTicket = { day: utcDay(now), siteId, visitorKey: visitor === undefined ? undefined : visitorKeys(visitor, now) };
      const refused = await store.quotas.consume({ ...ticket, siteLimit: limits.site, visitorLimit: limits.visitor });
      if (refused === "visitor") throw new QuotaExceededError("visitor", limits.visitor, nextUtcMidnight(now), now);
      if (refused === "site") throw new QuotaExceededError("site", limits.site, nextUtcMidnight(now), now);
      return ticket;
    },

    refund: (ticket) => store.quotas.refund(ticket),

    flush: () => store.quotas.flush(),
  };
}
