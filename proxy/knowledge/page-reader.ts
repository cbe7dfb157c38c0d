// The page the visitor is on, read by the proxy itself: through safe-fetch.ts (only the origins it
// is given), reduced to its main text, cut into passages, and kept per URL for ten minutes on the
// injected clock, a page that could not be read included (a hanging page costs its 5 s once, not
// on every message). Visitors asking about the same page at once share one fetch.
import type { Clock } from "../clock.js";
import { checkUrl, normaliseOrigins, PageFetchError } from "./fetch-policy.js";
import { fetchedPageText } from "./page-text.js";
import { pagePassages, type Passage } from "./passages.js";
import type { SafeFetch } from "./safe-fetch.js";

export interface PageReader {
  /** The page's passages; undefined when it is not on `origins` or cannot be read. */
  read(pageUrl: string, origins: Iterable<string>): Promise<Passage[] | undefined>;
}

export interface PageReaderOptions {
  fetch: SafeFetch;
  clock: Clock;
  /** Default 10 minutes. */
  ttlMs?: number;
  /** Pages kept at most (the oldest go first). Default 500. */
  maxEntries?: number;
  onUnreadable?: (url: string, reason: string) => void;
}

const PAGE_CACHE_TTL_MS = 10 * 60_000;

interface Entry {
  expiresAt: number;
  passages: Promise<Passage[] | undefined>;
}

export function createPageReader({ fetch, clock, ttlMs = PAGE_CACHE_TTL_MS, maxEntries = 500, onUnreadable }: PageReaderOptions): PageReader {
  const cache = new Map<string, Entry>();

  async function load(url: string, origins: readonly string[]): Promise<Passage[] | undefined> {
    try {
      const page = await fetch.get(url, origins);
      const { title, blocks } = fetchedPageText(url, page);
      return pagePassages({ url: page.url, title, blocks }, `page:${page.url}`);
    } catch (error) {
      if (!(error instanceof PageFetchError)) throw error;
      onUnreadable?.(url, error.reason);
      return undefined;
    }
  }

  return {
    async read(pageUrl, origins) {
      const list = [...origins];
      const allowed = normaliseOrigins(list);
      let url: string;
      try {
        url = checkUrl(pageUrl, allowed).href;
      } catch {
        return undefined;
      }
      const now = clock.now().getTime();
      // Keyed by the origins too: a page read through a redirect one site allows is not another's.
      const key = `${url} ${[...allowed].sort().join(" ")}`;
      const cached = cache.get(key);
      if (cached && cached.expiresAt > now) return cached.passages;
      cache.delete(key);
      const passages = load(url, list);
      cache.set(key, { expiresAt: now + ttlMs, passages });
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      return passages;
    },
  };
}
