// Reading a knowledge source: a sitemap (a sitemap index one level deep), single pages, or a
// local file (.md, .txt, .html). Every URL goes through safe-fetch.ts with the site's origins, so
// the crawl never leaves them; a few pages at a time; each page that cannot be used is reported
// with the reason. Pages known from before are revalidated (ETag / Last-Modified), so a refresh
// re-reads only what changed.
import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { DOMParser } from "linkedom";
import type { StoredPage } from "./knowledge-store.js";
import { clean, fetchedPageText, htmlToPageText, type Block } from "./page-text.js";
import { PageFetchError } from "./fetch-policy.js";
import type { SafeFetch } from "./safe-fetch.js";

export interface Skipped {
  url: string;
  reason: string;
}

export interface CrawlResult {
  pages: StoredPage[];
  skipped: Skipped[];
  /** Pages answered 304 (or a file not modified): kept as they were. */
  unchanged: number;
}

export interface CrawlOptions {
  fetch: SafeFetch;
  origins: readonly string[];
  /** Pages fetched at once. Default 4. */
  concurrency?: number;
  /** Pages a sitemap may list at most. Default 5,000. */
  maxPages?: number;
  onProgress?: (done: number, total: number) => void;
}

const FILE_TYPES = [".md", ".txt", ".html", ".htm"];

export function createCrawler(options: CrawlOptions) {
  const { fetch, origins, concurrency = 4, maxPages = 5000 } = options;

  async function fetchPage(url: string, sourceId: string, previous: StoredPage | undefined): Promise<StoredPage | "unchanged"> {
    const document = await fetch.get(url, origins, { etag: previous?.etag, lastModified: previous?.lastModified });
    if (document.status === 304 && previous) return "unchanged";
    const { title, blocks } = fetchedPageText(url, document);
    if (blocks.length === 0) throw new PageFetchError(url, "has no readable text");
    return { sourceId, url: document.url, title, blocks, ...(document.etag && { etag: document.etag }), ...(document.lastModified && { lastModified: document.lastModified }) };
  }

  return {
    /** The page URLs a sitemap lists (on the origins), and what it lists elsewhere as skipped. */
    async sitemapUrls(sitemapUrl: string): Promise<{ urls: string[]; skipped: Skipped[] }> {
      const urls = new Set<string>();
      const skipped: Skipped[] = [];
      const root = parseSitemap((await fetch.get(sitemapUrl, origins)).body);
      const pageLocations = [...root.pages];
      for (const child of root.sitemaps) {
        try {
          pageLocations.push(...parseSitemap((await fetch.get(child, origins)).body).pages);
        } catch (error) {
          if (!(error instanceof PageFetchError)) throw error;
          skipped.push({ url: child, reason: error.reason });
        }
      }
      for (const location of pageLocations) {
        if (urls.size >= maxPages) {
          skipped.push({ url: location, reason: `over the limit of ${maxPages} pages` });
        } else urls.add(location);
      }
      return { urls: [...urls], skipped };
    },

    /** Fetches `urls`, a few at a time; `previous` pages are revalidated instead of re-read. */
    async pages(urls: readonly string[], sourceId: string, previous: ReadonlyMap<string, StoredPage> = new Map()): Promise<CrawlResult> {
      const result: CrawlResult = { pages: [], skipped: [], unchanged: 0 };
      let next = 0;
      let done = 0;
      options.onProgress?.(0, urls.length);
      const worker = async () => {
        while (next < urls.length) {
          const url = urls[next++]!;
          const known = previous.get(url);
          try {
            const page = await fetchPage(url, sourceId, known);
            if (page === "unchanged") {
              result.pages.push(known!);
              result.unchanged++;
            } else result.pages.push(page);
          } catch (error) {
            if (!(error instanceof PageFetchError)) throw error;
            result.skipped.push({ url, reason: error.reason });
          }
          options.onProgress?.(++done, urls.length);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
      // Workers finish in any order; the index and the report read better in the source's order.
      const order = new Map(urls.map((url, index) => [url, index]));
      result.pages.sort((a, b) => (order.get(a.url!) ?? 0) - (order.get(b.url!) ?? 0));
      return result;
    },
  };
}

function parseSitemap(xml: string): { pages: string[]; sitemaps: string[] } {
  const document = new DOMParser().parseFromString(xml, "text/xml");
  const locations = (parent: string) =>
    Array.from(document.getElementsByTagName(parent)).flatMap((element) =>
      Array.from(element.getElementsByTagName("loc") as ArrayLike<{ textContent: string | null }>).map((loc) => clean(loc.textContent ?? "")),
    ).filter((location) => location !== "");
  return { pages: locations("url"), sitemaps: locations("sitemap") };
}

/** A local file as one page without a URL; "unchanged" when its modification time is the same. */
export async function readKnowledgeFile(path: string, sourceId: string, previous?: StoredPage): Promise<StoredPage | "unchanged"> {
  const type = extname(path).toLowerCase();
  if (!FILE_TYPES.includes(type)) throw new PageFetchError(path, `is not one of ${FILE_TYPES.join(", ")}`);
  const info = await stat(path).catch((error: unknown) => {
    throw new PageFetchError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  });
  if (previous?.fileMtimeMs === info.mtimeMs) return "unchanged";
  const text = await readFile(path, "utf8");
  const name = basename(path);
  const page =
    type === ".md" ? markdownPage(text, name) : type === ".txt" ? { title: name, blocks: paragraphs(text) } : htmlToPageText(text, name);
  return { sourceId, url: undefined, title: page.title, blocks: page.blocks, fileMtimeMs: info.mtimeMs };
}

// Headings (# …) and paragraphs; link targets and emphasis marks dropped, their text kept.
function markdownPage(text: string, name: string): { title: string; blocks: Block[] } {
  const blocks: Block[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    for (const part of chunk.split(/\n(?=#{1,6}\s)/)) {
      const heading = /^(#{1,6})\s+(.*)$/m.exec(part.trim());
      if (heading && part.trim().startsWith("#")) {
        blocks.push({ kind: "heading", level: heading[1]!.length, text: plainMarkdown(heading[2]!) });
        const rest = part.trim().split("\n").slice(1).join(" ");
        if (clean(rest)) blocks.push({ kind: "text", text: plainMarkdown(rest) });
      } else if (clean(part)) blocks.push({ kind: "text", text: plainMarkdown(part) });
    }
  }
  const title = blocks.find((block) => block.kind === "heading" && block.level === 1)?.text ?? name;
  return { title, blocks };
}

function plainMarkdown(text: string): string {
  return clean(text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]+/g, "").replace(/^\s*[-+>]\s+/gm, ""));
}

function paragraphs(text: string): Block[] {
  return text
    .split(/\n\s*\n/)
    .map(clean)
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => ({ kind: "text", text: paragraph }));
}
