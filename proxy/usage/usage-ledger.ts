// Usage per site per UTC day, counted in memory and saved without a write per request (through
// coalescing-saver.ts: one write in flight, then one more with the latest figures).
// The monthly token budget is read from here, so it survives restarts with the file.
import { createHash } from "node:crypto";
import type { Clock } from "../clock.js";
import { createCoalescingSaver } from "../coalescing-saver.js";
import type { TokenUsage } from "../llm/provider.js";
import { daysBefore, utcDay, utcMonth } from "../utc-day.js";
import type { UsageFile } from "../store/files/usage-file.js";
import { emptySiteDay, usageSeries, type SiteDayUsage, type UsageDocument, type UsagePoint } from "./usage-shapes.js";

export const USAGE_KEPT_DAYS = 90;

/** A `days` option (query or CLI): 30 when absent, undefined unless a whole number from 1 to USAGE_KEPT_DAYS. */
export function parseUsageDays(value: unknown): number | undefined {
  if (value === undefined) return 30;
  const days = typeof value === "string" && /^[0-9]{1,3}$/.test(value) ? Number(value) : Number.NaN;
  return days >= 1 && days <= USAGE_KEPT_DAYS ? days : undefined;
}

export interface UsageLedger {
  load(): Promise<void>;
  accepted(siteId: string, sessionId: string, usage: TokenUsage | undefined): void;
  refused(siteId: string, code: string): void;
  /** Prompt + completion tokens of the current UTC month. */
  monthTokens(siteId: string): number;
  series(siteId: string, days: number): UsagePoint[];
  /** Resolves when the figures as of now are saved. */
  flush(): Promise<void>;
}

export interface UsageLedgerDeps {
  clock: Clock;
  /** Undefined: kept in memory only. */
  file?: UsageFile;
}

export function createUsageLedger({ clock, file }: UsageLedgerDeps): UsageLedger {
  let document: UsageDocument = { days: {} };
  // Distinct sessions of the current day, per site.
  let sessionDay = "";
  const sessions = new Map<string, Set<string>>();
  const saver =
    file &&
    createCoalescingSaver(async () => {
      document = snapshot();
      await file.write(document);
    });

  function siteDay(siteId: string): SiteDayUsage {
    const day = utcDay(clock.now());
    const sites = (document.days[day] ??= {});
    return (sites[siteId] ??= emptySiteDay());
  }

  function countSession(siteId: string, sessionId: string, usage: SiteDayUsage): void {
    const day = utcDay(clock.now());
    if (day !== sessionDay) {
      sessions.clear();
      sessionDay = day;
    }
    let seen = sessions.get(siteId);
    if (!seen) sessions.set(siteId, (seen = new Set(usage.sessionHashes)));
    seen.add(createHash("sha256").update(sessionId).digest("hex").slice(0, 16));
    usage.sessions = seen.size;
  }

  function snapshot(): UsageDocument {
    const today = utcDay(clock.now());
    const keepFrom = daysBefore(today, USAGE_KEPT_DAYS - 1);
    const days: UsageDocument["days"] = {};
    for (const [day, sites] of Object.entries(document.days)) {
      if (day < keepFrom) continue;
      days[day] = Object.fromEntries(
        Object.entries(sites).map(([siteId, usage]) => {
          const { sessionHashes, ...counts } = usage;
          if (day !== today) return [siteId, counts];
          const seen = day === sessionDay ? sessions.get(siteId) : undefined;
          return [siteId, { ...counts, sessionHashes: seen ? [...seen] : sessionHashes }];
        }),
      );
    }
    return { days };
  }

  return {
    async load() {
      document = (await file?.read()) ?? { days: {} };
    },
    accepted(siteId, sessionId, usage) {
      const day = siteDay(siteId);
      day.messages += 1;
      day.promptTokens += usage?.promptTokens ?? 0;
      day.completionTokens += usage?.completionTokens ?? 0;
      countSession(siteId, sessionId, day);
      saver?.changed();
    },
    refused(siteId, code) {
      const day = siteDay(siteId);
      day.refused[code] = (day.refused[code] ?? 0) + 1;
      saver?.changed();
    },
    monthTokens(siteId) {
      const month = utcMonth(clock.now());
      let total = 0;
      for (const [day, sites] of Object.entries(document.days)) {
        const usage = sites[siteId];
        if (day.startsWith(month) && usage) total += usage.promptTokens + usage.completionTokens;
      }
      return total;
    },
    series: (siteId, days) => usageSeries(document, siteId, utcDay(clock.now()), days),
    async flush() {
      await saver?.flush();
    },
  };
}
