// `usage ID --days 30`: the site's daily figures as the store holds them (the proxy records them
// every moment or so; figures of the last second may not be stored yet).
import { DEFAULT_SITE_ID } from "../sites/site.js";
import type { SitesStore, UsageStore } from "../store/store.js";
import { parseUsageDays, USAGE_KEPT_DAYS } from "../usage/usage-ledger.js";
import { usageSeries } from "../usage/usage-shapes.js";
import { utcDay } from "../utc-day.js";
import { CliError } from "./cli-error.js";
import { findSite, readSites } from "./find-site.js";
import { formatTable } from "./table.js";

export interface UsageCommandContext {
  sites: SitesStore;
  usage: Pick<UsageStore, "read">;
  now: Date;
  json: boolean;
}

export async function showUsage(context: UsageCommandContext, id: string, daysOption: string | undefined): Promise<string> {
  const days = parseUsageDays(daysOption);
  if (days === undefined) throw new CliError(`--days: use a whole number from 1 to ${USAGE_KEPT_DAYS}`, 2);
  if (id !== DEFAULT_SITE_ID) findSite(await readSites(context.sites), id);
  const document = (await context.usage.read()) ?? { days: {} };
  const series = usageSeries(document, id, utcDay(context.now), days);
  if (context.json) return `${JSON.stringify({ siteId: id, days: series }, null, 2)}\n`;
  return formatTable(
    ["DATE", "MESSAGES", "PROMPT TOKENS", "COMPLETION TOKENS", "REFUSED", "SESSIONS"],
    series.map((day) => [
      day.date,
      String(day.messages),
      String(day.promptTokens),
      String(day.completionTokens),
      day.refused === 0 ? "0" : `${day.refused} (${Object.entries(day.refusedByCode).map(([code, n]) => `${code} ${n}`).join(", ")})`,
      String(day.sessions),
    ]),
  );
}
