// `sites add|list|show|set|disable|enable|rotate-key|remove`. Each returns what to print; the
// server key is printed only by add and rotate-key, and stored only as its hash.
import { generateApiKey, generateSiteId, hashApiKey } from "../sites/api-key.js";
import type { StoredSite } from "../sites/site.js";
import { CliError } from "./cli-error.js";
import { readSiteSettings, type SiteOptionValues } from "./site-options.js";
import { siteRecord, siteTable, siteView } from "./site-view.js";
import { findSite, readSites } from "./find-site.js";
import type { SitesStore } from "../store/store.js";

export interface SiteCommandContext {
  sites: SitesStore;
  masterKey: Buffer | undefined;
  now: Date;
  json: boolean;
}

const keyNote = (key: string) =>
  `\nServer key (shown once, store it now): ${key}\nSend it as the X-API-Key header from your backend; the widget needs only data-site.\n`;

export async function addSite(context: SiteCommandContext, values: SiteOptionValues): Promise<string> {
  if (values.name === undefined) throw new CliError("sites add: --name is required", 2);
  const settings = readSiteSettings(values, context.masterKey);
  const key = generateApiKey();
  const site: StoredSite = {
    id: generateSiteId(),
    name: settings.name ?? values.name,
    enabled: true,
    apiKeyHash: hashApiKey(key),
    createdAt: context.now.toISOString(),
    ...settings,
  };
  await context.sites.change((document) => document.sites.push(site));
  return context.json ? json({ site: siteView(site), apiKey: key }) : siteRecord(site) + keyNote(key);
}

export async function listSites(context: SiteCommandContext): Promise<string> {
  const { sites } = await readSites(context.sites);
  return context.json ? json({ sites: sites.map(siteView) }) : siteTable(sites);
}

export async function showSite(context: SiteCommandContext, id: string): Promise<string> {
  const site = findSite(await readSites(context.sites), id);
  return context.json ? json({ site: siteView(site) }) : siteRecord(site);
}

export async function setSite(context: SiteCommandContext, id: string, values: SiteOptionValues): Promise<string> {
  const settings = readSiteSettings(values, context.masterKey);
  if (Object.keys(settings).length === 0) throw new CliError("sites set: give at least one setting, e.g. --daily-quota 2000", 2);
  const site = await context.sites.change((document) => Object.assign(findSite(document, id), settings));
  return context.json ? json({ site: siteView(site) }) : siteRecord(site);
}

export async function setEnabled(context: SiteCommandContext, id: string, enabled: boolean): Promise<string> {
  const site = await context.sites.change((document) => Object.assign(findSite(document, id), { enabled }));
  return context.json ? json({ site: siteView(site) }) : `Site ${id} is ${enabled ? "enabled" : "disabled"} (the proxy applies it within seconds).\n`;
}

export async function rotateKey(context: SiteCommandContext, id: string): Promise<string> {
  const key = generateApiKey();
  await context.sites.change((document) => Object.assign(findSite(document, id), { apiKeyHash: hashApiKey(key) }));
  return context.json ? json({ siteId: id, apiKey: key }) : `The old key of ${id} stops working within seconds.` + keyNote(key);
}

export async function removeSite(context: SiteCommandContext, id: string): Promise<string> {
  await context.sites.change((document) => {
    const site = findSite(document, id);
    document.sites.splice(document.sites.indexOf(site), 1);
  });
  return context.json ? json({ removed: id }) : `Site ${id} is removed; its widgets now get 404 UNKNOWN_SITE.\n`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
