// A site as sites.json stores it (StoredSite: only what the CLI was given) and as a request sees
// it (Site: every setting resolved, the environment filling what the site leaves out).
import type { ModelPreference } from "../llm/model-preference.js";

export const DEFAULT_SITE_ID = "default";

export interface StoredSite {
  id: string;
  name: string;
  enabled: boolean;
  /** SHA-256 of the server key, hex. */
  apiKeyHash: string;
  createdAt: string;
  /** Absent: ALLOWED_ORIGINS. */
  allowedOrigins?: string[];
  /** Ids in order of preference, comma-separated, `auto` allowed last (as CHAT_MODEL). Absent: CHAT_MODEL. */
  model?: string;
  systemPrompt?: string;
  rateLimitPerMinute?: number;
  dailyQuota?: number;
  visitorDailyQuota?: number;
  /** Prompt + completion tokens per UTC calendar month. Absent: no budget. */
  monthlyTokenBudget?: number;
  /** The site's own Groq key, sealed with MASTER_KEY (secret-box.ts). */
  groqKey?: string;
}

export interface SitesDocument {
  sites: StoredSite[];
}

export interface Site {
  id: string;
  name: string;
  enabled: boolean;
  /** Undefined for the environment's default site, which has no server key. */
  apiKeyHash: string | undefined;
  allowedOrigins: readonly string[] | undefined;
  /** The site's own model list (if it has one), then CHAT_MODEL's as the last resort. */
  models: readonly ModelPreference[];
  systemPrompt: string;
  rateLimitPerMinute: number;
  dailyQuota: number;
  visitorDailyQuota: number;
  monthlyTokenBudget: number | undefined;
  /** Opened; undefined: the proxy's GROQ_API_KEY. */
  groqKey: string | undefined;
}
