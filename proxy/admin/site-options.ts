// The options `sites add` and `sites set` take, checked before anything is written. Values are
// read with the same parsers as the environment, so `--daily-quota 0` is refused as DAILY_QUOTA=0 is.
import { ConfigError } from "../config-error.js";
import { readInteger, readOrigins } from "../env-values.js";
import { formatPreference, parseModelPreference } from "../llm/model-preference.js";
import { sealSecret } from "../sites/secret-box.js";
import type { StoredSite } from "../sites/site.js";
import { CliError } from "./cli-error.js";

export const SITE_OPTIONS = {
  name: { type: "string" },
  origin: { type: "string", multiple: true },
  model: { type: "string" },
  "system-prompt": { type: "string" },
  "rate-limit-per-minute": { type: "string" },
  "daily-quota": { type: "string" },
  "visitor-daily-quota": { type: "string" },
  "monthly-token-budget": { type: "string" },
  "groq-key": { type: "string" },
} as const;

export type SiteOptionValues = { [name in keyof typeof SITE_OPTIONS]?: name extends "origin" ? string[] : string };

type SiteSettings = Omit<StoredSite, "id" | "enabled" | "apiKeyHash" | "createdAt">;

const COUNT = { fallback: 0, min: 1, accepted: "a whole number, 1 or more" };
const NUMBERS = [
  ["rate-limit-per-minute", "rateLimitPerMinute"],
  ["daily-quota", "dailyQuota"],
  ["visitor-daily-quota", "visitorDailyQuota"],
  ["monthly-token-budget", "monthlyTokenBudget"],
] as const;

/** Only the settings given; throws CliError (exit 2) naming the option at the first bad value. */
export function readSiteSettings(values: SiteOptionValues, masterKey: Buffer | undefined): Partial<SiteSettings> {
  try {
    const settings: Partial<SiteSettings> = {};
    if (values.name !== undefined) settings.name = nonEmpty("--name", values.name);
    if (values.origin !== undefined) settings.allowedOrigins = readOrigins({ "--origin": values.origin.join(",") }, "--origin");
    if (values.model !== undefined) settings.model = readModel(values.model);
    if (values["system-prompt"] !== undefined) settings.systemPrompt = nonEmpty("--system-prompt", values["system-prompt"]);
    for (const [option, field] of NUMBERS) {
      const value = values[option];
      if (value !== undefined) settings[field] = readInteger({ [`--${option}`]: value }, `--${option}`, COUNT);
    }
    if (values["groq-key"] !== undefined) settings.groqKey = sealGroqKey(values["groq-key"], masterKey);
    return settings;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
}

function nonEmpty(option: string, value: string): string {
  if (value.trim() === "") throw new CliError(`${option}: must not be empty`, 2);
  return value.trim();
}

function readModel(list: string): string {
  return formatPreference(parseModelPreference(list, (problem) => new CliError(`--model: ${problem}`, 2)));
}

function sealGroqKey(key: string, masterKey: Buffer | undefined): string {
  if (!masterKey) throw new CliError("--groq-key: needs MASTER_KEY (32 bytes, base64) in the environment to encrypt it; make one with `openssl rand -base64 32`", 2);
  return sealSecret(nonEmpty("--groq-key", key), masterKey);
}
