// What the store keeps of sites: the CLI's settings for each, its server key only as a hash.
// A value read back is trusted only once it has this shape (files and PostgreSQL alike).
import { isRecord } from "../store/data-shapes.js";
import type { SitesDocument, StoredSite } from "./site.js";

export function decodeSitesDocument(value: unknown): SitesDocument | undefined {
  if (!isRecord(value) || !Array.isArray(value.sites)) return undefined;
  const sites = value.sites.map(decodeSite);
  return sites.every((site) => site !== undefined) ? { sites: sites as StoredSite[] } : undefined;
}

const OPTIONAL_NUMBERS = ["rateLimitPerMinute", "dailyQuota", "visitorDailyQuota", "monthlyTokenBudget"] as const;
const OPTIONAL_STRINGS = ["model", "systemPrompt", "groqKey"] as const;

export function decodeSite(value: unknown): StoredSite | undefined {
  if (!isRecord(value)) return undefined;
  const { id, name, enabled, apiKeyHash, createdAt, allowedOrigins } = value;
  if (typeof id !== "string" || typeof name !== "string" || typeof enabled !== "boolean") return undefined;
  if (typeof apiKeyHash !== "string" || !/^[0-9a-f]{64}$/.test(apiKeyHash) || typeof createdAt !== "string") return undefined;
  if (allowedOrigins !== undefined && !(Array.isArray(allowedOrigins) && allowedOrigins.every((o) => typeof o === "string"))) return undefined;
  for (const field of OPTIONAL_NUMBERS) {
    const number = value[field];
    if (number !== undefined && !(Number.isSafeInteger(number) && (number as number) > 0)) return undefined;
  }
  for (const field of OPTIONAL_STRINGS) if (value[field] !== undefined && typeof value[field] !== "string") return undefined;
  return value as unknown as StoredSite;
}
