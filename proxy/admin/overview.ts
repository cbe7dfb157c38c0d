// What /admin draws: every site with its limits and its last 30 days of messages and tokens.
import type { SiteRegistry } from "../sites/registry.js";
import type { UsageLedger } from "../usage/usage-ledger.js";

export const OVERVIEW_DAYS = 30;

export interface SiteOverview {
  id: string;
  name: string;
  enabled: boolean;
  dailyQuota: number;
  monthlyTokenBudget: number | null;
  monthTokens: number;
  days: { date: string; messages: number; tokens: number; refused: number }[];
}

export function adminOverview(sites: SiteRegistry, usage: UsageLedger): { sites: SiteOverview[] } {
  return {
    sites: sites.all().map((site) => ({
      id: site.id,
      name: site.name,
      enabled: site.enabled,
      dailyQuota: site.dailyQuota,
      monthlyTokenBudget: site.monthlyTokenBudget ?? null,
      monthTokens: usage.monthTokens(site.id),
      days: usage.series(site.id, OVERVIEW_DAYS).map((day) => ({
        date: day.date,
        messages: day.messages,
        tokens: day.promptTokens + day.completionTokens,
        refused: day.refused,
      })),
    })),
  };
}
