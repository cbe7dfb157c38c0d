// What /admin draws: the models in use (and what went wrong with the configured ones), every
// site with its limits, its model and its last 30 days of messages and tokens.
import type { ModelCatalog } from "../llm/catalog.js";
import type { ModelPreference } from "../llm/model-preference.js";
import { selectModels, type ModelSelection } from "../llm/model-selection.js";
import type { SiteModels } from "../llm/site-providers.js";
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
  /** The model that answers for this site, or null when none is left. */
  model: string | null;
  /** Set when the site's own model list is not what answers (retired or not served). */
  modelWarning: string | null;
  days: { date: string; messages: number; tokens: number; refused: number }[];
}

export interface AdminOverview {
  models: ModelSelection;
  sites: SiteOverview[];
}

export interface OverviewModels {
  /** The proxy's own catalog, for the line about CHAT_MODEL. */
  catalog: ModelCatalog;
  chatModel: ModelPreference;
  /** Each site's catalog (its own key's, or the proxy's). */
  siteModels: SiteModels;
}

export function adminOverview(sites: SiteRegistry, usage: UsageLedger, models: OverviewModels): AdminOverview {
  return {
    models: selectModels(models.catalog, [models.chatModel]),
    sites: sites.all().map((site) => ({
      id: site.id,
      name: site.name,
      enabled: site.enabled,
      dailyQuota: site.dailyQuota,
      monthlyTokenBudget: site.monthlyTokenBudget ?? null,
      monthTokens: usage.monthTokens(site.id),
      ...siteModel(selectModels(models.siteModels.catalogFor(site), site.models)),
      days: usage.series(site.id, OVERVIEW_DAYS).map((day) => ({
        date: day.date,
        messages: day.messages,
        tokens: day.promptTokens + day.completionTokens,
        refused: day.refused,
      })),
    })),
  };
}

function siteModel(selection: ModelSelection): Pick<SiteOverview, "model" | "modelWarning"> {
  return { model: selection.active ?? null, modelWarning: selection.degraded ?? null };
}
