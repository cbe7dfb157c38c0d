// DATA_DIR/sites.json: written only by the admin CLI (under its own lock, atomically through
// steno), read by the proxy whenever it changes. A file that does not decode is reported with its
// path and never written over.
import { join } from "node:path";
import { TextFile } from "lowdb/node";
import { readDataFile, writeDataFile } from "./data-file.js";
import { isRecord } from "../data-shapes.js";
import type { SitesDocument, StoredSite } from "../../sites/site.js";

export const SITES_FILE = "sites.json";

export const sitesFilePath = (dataDir: string) => join(dataDir, SITES_FILE);

/** undefined when there is no file: the environment's single site. */
export function readSitesFile(dataDir: string): Promise<SitesDocument | undefined> {
  return readDataFile(sitesFilePath(dataDir), decodeSitesDocument);
}

export function writeSitesFile(dataDir: string, document: SitesDocument): Promise<void> {
  return writeDataFile(new TextFile(sitesFilePath(dataDir)), document);
}

export function decodeSitesDocument(value: unknown): SitesDocument | undefined {
  if (!isRecord(value) || !Array.isArray(value.sites)) return undefined;
  const sites = value.sites.map(decodeSite);
  return sites.every((site) => site !== undefined) ? { sites: sites as StoredSite[] } : undefined;
}

const OPTIONAL_NUMBERS = ["rateLimitPerMinute", "dailyQuota", "visitorDailyQuota", "monthlyTokenBudget"] as const;
const OPTIONAL_STRINGS = ["model", "systemPrompt", "groqKey"] as const;

function decodeSite(value: unknown): StoredSite | undefined {
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
