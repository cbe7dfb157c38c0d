// `usage ID --days 30`: the site's daily figures, read from DATA_DIR/usage.json (which only the
// proxy writes; figures of the last second may not be on disk yet).
import { readDataFile } from "../store/files/data-file.js";
import { DEFAULT_SITE_ID } from "../sites/site.js";
import { usageFilePath } from "../store/files/usage-file.js";
import { parseUsageDays, USAGE_KEPT_DAYS } from "../usage/usage-ledger.js";
import { decodeUsage, usageSeries } from "../usage/usage-shapes.js";
import { utcDay } from "../utc-day.js";
import { CliError } from "./cli-error.js";
import { findSite, readSites } from "./sites-document.js";
import { formatTable } from "./table.js";

export async function showUsage(context: { dataDir: string; now: Date; json: boolean }, id: string, daysOption: string | undefined): Promise<string> {
  const days = parseUsageDays(daysOption);
  if (days === undefined) throw new CliError(`--days: use a whole number from 1 to ${USAGE_KEPT_DAYS}`, 2);
  if (id !== DEFAULT_SITE_ID) findSite(await readSites(context.dataDir), id);
  const document = (await readDataFile(usageFilePath(context.dataDir), decodeUsage)) ?? { days: {} };
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
