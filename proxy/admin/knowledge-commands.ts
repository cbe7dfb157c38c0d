// `knowledge add|list|remove|refresh`: a site's knowledge sources. Pages are fetched only from the
// site's origins (its --origin list, or ALLOWED_ORIGINS for `default`), through the same fetch
// boundary as the proxy's page reading. One command per site at a time; the document is saved
// once, at the end, and a running proxy picks it up within seconds.
import { resolve } from "node:path";
import { createCrawler, readKnowledgeFile, type Skipped } from "../knowledge/crawl.js";
import { PageFetchError } from "../knowledge/fetch-policy.js";
import { KnowledgeBusyError, type KnowledgeDocument, type KnowledgeSource, type KnowledgeStore, type SourceKind, type StoredPage } from "../knowledge/knowledge-store.js";
import { createSafeFetch, type SafeFetchOptions } from "../knowledge/safe-fetch.js";
import { sitePassages } from "../knowledge/site-knowledge.js";
import { DEFAULT_SITE_ID } from "../sites/site.js";
import { CliError } from "./cli-error.js";
import { progressBar, type ProgressStream } from "./progress-bar.js";
import type { SitesStore } from "../store/store.js";
import { findSite, readSites } from "./find-site.js";
import { formatTable } from "./table.js";

export interface KnowledgeCommandContext {
  /** Where the site's origins are read. */
  sites: SitesStore;
  /** Where the knowledge is kept (files in DATA_DIR, or PostgreSQL). */
  knowledge: KnowledgeStore;
  /** ALLOWED_ORIGINS: the default site's origins. */
  environmentOrigins: readonly string[] | undefined;
  now: Date;
  json: boolean;
  progress: ProgressStream;
  /** Tests inject a resolver and small limits. */
  fetch?: SafeFetchOptions;
}

export interface AddValues {
  sitemap?: string;
  url?: string;
  file?: string;
}

export async function addKnowledge(context: KnowledgeCommandContext, siteId: string, values: AddValues): Promise<string> {
  const given = (["sitemap", "url", "file"] as const).filter((kind) => values[kind] !== undefined);
  if (given.length !== 1) throw new CliError("knowledge add: give one of --sitemap URL, --url URL or --file PATH", 2);
  const kind: SourceKind = given[0]!;
  const location = kind === "file" ? resolve(values.file!) : values[kind]!;
  // A file needs no origins, but the site must exist: knowledge for a mistyped id would never be used.
  const origins = kind === "file" ? (await siteOrigins(context, siteId, false), []) : await siteOrigins(context, siteId);
  return changeKnowledge(context, siteId, async (document) => {
    if (document.sources.some((source) => source.location === location)) {
      throw new CliError(`Site ${siteId} already has ${location}; use \`knowledge refresh ${siteId}\` to read it again.`);
    }
    const time = context.now.toISOString();
    const source: KnowledgeSource = { id: nextSourceId(document), kind, location, addedAt: time, refreshedAt: time };
    const read = await readSource(context, origins, source, new Map());
    if (read.pages.length === 0) {
      throw new CliError(`Nothing could be read from ${location}; nothing was added.${describeSkipped(read.skipped)}`);
    }
    document.sources.push(source);
    document.pages.push(...read.pages);
    const passages = sitePassages(document.pages.filter((page) => page.sourceId === source.id)).length;
    if (context.json) return json({ source, pages: read.pages.length, passages, skipped: read.skipped });
    return (
      `Added ${source.id} to site ${siteId}: ${kind} ${location}\n` +
      `${read.pages.length} page${read.pages.length === 1 ? "" : "s"} read, ${passages} passage${passages === 1 ? "" : "s"}.${describeSkipped(read.skipped)}\n` +
      "A running proxy uses it within seconds.\n"
    );
  });
}

export async function listKnowledge(context: KnowledgeCommandContext, siteId: string): Promise<string> {
  await siteOrigins(context, siteId, false);
  const document = await context.knowledge.read(siteId);
  const pagesOf = (source: KnowledgeSource) => document.pages.filter((page) => page.sourceId === source.id).length;
  if (context.json) return json({ siteId, sources: document.sources.map((source) => ({ ...source, pages: pagesOf(source) })) });
  if (document.sources.length === 0) return `Site ${siteId} has no knowledge yet; add some with \`knowledge add ${siteId} --sitemap URL\`.\n`;
  return formatTable(
    ["SOURCE", "KIND", "PAGES", "REFRESHED", "LOCATION"],
    document.sources.map((source) => [source.id, source.kind, String(pagesOf(source)), source.refreshedAt, source.location]),
  );
}

export async function removeKnowledge(context: KnowledgeCommandContext, siteId: string, sourceName: string): Promise<string> {
  await siteOrigins(context, siteId, false);
  return changeKnowledge(context, siteId, async (document) => {
    const source = document.sources.find((candidate) => candidate.id === sourceName || candidate.location === sourceName);
    if (!source) throw new CliError(`Site ${siteId} has no knowledge source ${JSON.stringify(sourceName)}; \`knowledge list ${siteId}\` shows them.`);
    document.sources = document.sources.filter((candidate) => candidate !== source);
    document.pages = document.pages.filter((page) => page.sourceId !== source.id);
    return context.json ? json({ removed: source }) : `Removed ${source.id} (${source.location}) from site ${siteId}.\n`;
  });
}

export async function refreshKnowledge(context: KnowledgeCommandContext, siteId: string): Promise<string> {
  const origins = await siteOrigins(context, siteId, false);
  return changeKnowledge(context, siteId, async (document) => {
    const reports = [];
    for (const source of document.sources) {
      const before = document.pages.filter((page) => page.sourceId === source.id);
      const previous = new Map(before.map((page) => [page.url ?? source.location, page]));
      const read = await readSource(context, origins, source, previous);
      // A page that failed this time keeps its last good copy rather than vanishing from answers.
      const kept = before.filter((page) => read.skipped.some((skip) => skip.url === (page.url ?? source.location)));
      document.pages = [...document.pages.filter((page) => page.sourceId !== source.id), ...read.pages, ...kept];
      source.refreshedAt = context.now.toISOString();
      const changed = read.pages.length - read.unchanged;
      reports.push({ source: source.id, location: source.location, changed, unchanged: read.unchanged, skipped: read.skipped });
    }
    if (context.json) return json({ siteId, sources: reports });
    if (reports.length === 0) return `Site ${siteId} has no knowledge to refresh.\n`;
    return reports
      .map((report) => `${report.source} ${report.location}: ${report.changed} read again, ${report.unchanged} unchanged.${describeSkipped(report.skipped)}\n`)
      .join("");
  });
}

async function readSource(
  context: KnowledgeCommandContext,
  origins: readonly string[],
  source: KnowledgeSource,
  previous: ReadonlyMap<string, StoredPage>,
): Promise<{ pages: StoredPage[]; skipped: Skipped[]; unchanged: number }> {
  if (source.kind === "file") {
    try {
      const page = await readKnowledgeFile(source.location, source.id, previous.get(source.location));
      return page === "unchanged" ? { pages: [previous.get(source.location)!], skipped: [], unchanged: 1 } : { pages: [page], skipped: [], unchanged: 0 };
    } catch (error) {
      if (!(error instanceof PageFetchError)) throw error;
      return { pages: [], skipped: [{ url: source.location, reason: error.reason }], unchanged: 0 };
    }
  }
  const crawler = createCrawler({ fetch: createSafeFetch(context.fetch), origins, onProgress: progressBar(context.progress, source.location) });
  if (source.kind === "url") return crawler.pages([source.location], source.id, previous);
  let listed;
  try {
    listed = await crawler.sitemapUrls(source.location);
  } catch (error) {
    if (!(error instanceof PageFetchError)) throw error;
    return { pages: [], skipped: [{ url: source.location, reason: error.reason }], unchanged: 0 };
  }
  const read = await crawler.pages(listed.urls, source.id, previous);
  return { ...read, skipped: [...listed.skipped, ...read.skipped] };
}

/** The origins pages may come from; with `required`, a site without any is refused. */
async function siteOrigins(context: KnowledgeCommandContext, siteId: string, required = true): Promise<readonly string[]> {
  const origins = siteId === DEFAULT_SITE_ID ? context.environmentOrigins : (findSite(await readSites(context.sites), siteId).allowedOrigins ?? context.environmentOrigins);
  if (origins === undefined || origins.length === 0) {
    if (!required) return [];
    const how = siteId === DEFAULT_SITE_ID ? "set ALLOWED_ORIGINS" : `set them with \`sites set ${siteId} --origin URL\``;
    throw new CliError(`Site ${siteId} has no origins, and pages are read only from a site's own origins: ${how} (or add a --file).`);
  }
  return origins;
}

// The whole command is one change of the site's document: saved once, at the end, or not at all.
async function changeKnowledge(context: KnowledgeCommandContext, siteId: string, change: (document: KnowledgeDocument) => Promise<string>): Promise<string> {
  return context.knowledge.change(siteId, change).catch((error: unknown) => {
    throw error instanceof KnowledgeBusyError ? new CliError(error.message) : error;
  });
}

function nextSourceId(document: KnowledgeDocument): string {
  const highest = Math.max(0, ...document.sources.map((source) => Number(/^k(\d+)$/.exec(source.id)?.[1] ?? 0)));
  return `k${highest + 1}`;
}

function describeSkipped(skipped: readonly Skipped[]): string {
  if (skipped.length === 0) return "";
  return `\n${skipped.length} skipped:\n${skipped.map((skip) => `  ${skip.url}  ${skip.reason}`).join("\n")}`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
