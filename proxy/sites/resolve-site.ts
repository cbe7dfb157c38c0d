// From stored settings to what a request applies: the environment fills every gap, so a site
// created with only a name behaves like the single-site proxy.
import type { Config } from "../config.js";
import { parseModelPreference } from "../llm/model-preference.js";
import { openSecret } from "./secret-box.js";
import { DEFAULT_SITE_ID, type Site, type StoredSite } from "./site.js";

export class SitesConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SitesConfigError";
  }
}

export function defaultSite(config: Config): Site {
  return {
    id: DEFAULT_SITE_ID,
    name: "from the environment",
    enabled: true,
    apiKeyHash: undefined,
    allowedOrigins: config.allowedOrigins,
    models: [config.chatModel],
    systemPrompt: config.systemPrompt,
    rateLimitPerMinute: config.rateLimitPerMinute,
    dailyQuota: config.dailyQuota,
    visitorDailyQuota: config.visitorDailyQuota,
    monthlyTokenBudget: undefined,
    groqKey: undefined,
  };
}

/** Throws SitesConfigError when a sealed Groq key cannot be opened (no or another MASTER_KEY). */
export function resolveSite(stored: StoredSite, config: Config): Site {
  const models =
    stored.model === undefined
      ? [config.chatModel]
      : [parseModelPreference(stored.model, (problem) => new SitesConfigError(`Site ${stored.id}: model ${problem}`)), config.chatModel];
  return {
    id: stored.id,
    name: stored.name,
    enabled: stored.enabled,
    apiKeyHash: stored.apiKeyHash,
    allowedOrigins: stored.allowedOrigins ?? config.allowedOrigins,
    models,
    systemPrompt: stored.systemPrompt ?? config.systemPrompt,
    rateLimitPerMinute: stored.rateLimitPerMinute ?? config.rateLimitPerMinute,
    dailyQuota: stored.dailyQuota ?? config.dailyQuota,
    visitorDailyQuota: stored.visitorDailyQuota ?? config.visitorDailyQuota,
    monthlyTokenBudget: stored.monthlyTokenBudget,
    groqKey: stored.groqKey === undefined ? undefined : openGroqKey(stored, config.masterKey),
  };
}

function openGroqKey(stored: StoredSite, masterKey: Buffer | undefined): string {
  if (!masterKey) throw new SitesConfigError(`MASTER_KEY: required to read the Groq key of site ${stored.id}; set the key it was stored with.`);
  try {
    return openSecret(stored.groqKey!, masterKey);
  } catch {
    throw new SitesConfigError(`MASTER_KEY: does not open the Groq key of site ${stored.id}; set the key it was stored with.`);
  }
}
