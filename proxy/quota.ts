// Daily quotas per site and per visitor, counted per UTC day. Counters live in memory for the
// current day so check-and-increment is synchronous (no await between them: no burst slips
// through), and are persisted to the store so a restart does not reset them.
import type { Clock } from "./clock.js";
import type { Store } from "./store.js";

export interface QuotaTicket {
  day: string;
  siteId: string;
  visitorKey: string;
}

export interface DailyQuota {
  /** Loads today's counters from the store; call once before serving. */
  load(): Promise<void>;
  /** Synchronous check-and-increment; throws QuotaExceededError (scope "visitor" or "site"). */
  consume(siteId: string, visitorKey: string): QuotaTicket;
  /** Gives back what a request that was refused later (store down, provider busy) consumed. */
  refund(ticket: QuotaTicket): void;
  /** Resolves when the counters as of now are on disk. */
  flush(): Promise<void>;
}

export interface DailyQuotaDeps {
  store: Store;
  clock: Clock;
  siteLimit: number;
  visitorLimit: number;
}

export function createDailyQuota(deps: DailyQuotaDeps): DailyQuota {
  throw new Error(`createDailyQuota is not implemented yet (${deps.siteLimit})`);
}
