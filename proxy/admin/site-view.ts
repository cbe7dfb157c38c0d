// How the CLI shows a site: never its key hash or its sealed Groq key. Settings the site leaves
// to the environment say so, since the CLI's own environment may differ from the proxy's.
import type { StoredSite } from "../sites/site.js";
import { formatRecord, formatTable } from "./table.js";

const FROM_ENV = "(environment)";

export interface SiteView {
  id: string;
  name: string;
  enabled: boolean;
  createdAt: string;
  allowedOrigins: string[] | null;
  model: string | null;
  systemPrompt: string | null;
  rateLimitPerMinute: number | null;
  dailyQuota: number | null;
  visitorDailyQuota: number | null;
  monthlyTokenBudget: number | null;
  ownGroqKey: boolean;
}

/** For --json: null where the environment decides. */
export function siteView(site: StoredSite): SiteView {
  return {
    id: site.id,
    name: site.name,
    enabled: site.enabled,
    createdAt: site.createdAt,
    allowedOrigins: site.allowedOrigins ?? null,
    model: site.model ?? null,
    systemPrompt: site.systemPrompt ?? null,
    rateLimitPerMinute: site.rateLimitPerMinute ?? null,
    dailyQuota: site.dailyQuota ?? null,
    visitorDailyQuota: site.visitorDailyQuota ?? null,
    monthlyTokenBudget: site.monthlyTokenBudget ?? null,
    ownGroqKey: site.groqKey !== undefined,
  };
}

const show = (value: string | number | undefined) => (value === undefined ? FROM_ENV : String(value));

export function siteTable(sites: StoredSite[]): string {
  if (sites.length === 0) return "No sites yet; the environment's default site serves every request. Add one with `sites add --name NAME`.\n";
  return formatTable(
    ["ID", "NAME", "STATUS", "MODEL", "ORIGINS", "DAILY QUOTA", "TOKEN BUDGET"],
    sites.map((site) => [
      site.id,
      site.name,
      site.enabled ? "enabled" : "disabled",
      show(site.model),
      site.allowedOrigins?.join(",") ?? FROM_ENV,
      show(site.dailyQuota),
      site.monthlyTokenBudget === undefined ? "none" : String(site.monthlyTokenBudget),
    ]),
  );
}

export function siteRecord(site: StoredSite): string {
  return formatRecord([
    ["id", site.id],
    ["name", site.name],
    ["status", site.enabled ? "enabled" : "disabled"],
    ["created", site.createdAt],
    ["origins", site.allowedOrigins?.join(", ") ?? FROM_ENV],
    ["model", show(site.model)],
    ["system prompt", show(site.systemPrompt)],
    ["rate limit / minute", show(site.rateLimitPerMinute)],
    ["daily quota", show(site.dailyQuota)],
    ["visitor daily quota", show(site.visitorDailyQuota)],
    ["monthly token budget", site.monthlyTokenBudget === undefined ? "none" : String(site.monthlyTokenBudget)],
    ["own Groq key", site.groqKey === undefined ? "no (GROQ_API_KEY)" : "yes (encrypted)"],
    ["script tag", `<script src="https://YOUR-PROXY/widget.js" data-site="${site.id}" async></script>`],
  ]);
}
