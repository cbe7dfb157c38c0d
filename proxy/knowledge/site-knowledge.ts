// The running proxy's view of each site's knowledge: the stored pages as a passage index, built
// once and rebuilt when the store's version changes (the admin CLI added, removed or refreshed a
// source). The version is asked at most once a second per site, so a CLI change applies within
// seconds and a busy site costs one stat a second. While a new index is being built (seconds, for
// thousands of pages) messages keep using the previous one; only a site's first index is waited for.
import type { Clock } from "../clock.js";
import type { KnowledgeStore, StoredPage } from "./knowledge-store.js";
import { buildPassageIndex, type PassageIndex } from "./passage-index.js";
import { pagePassages, repeatedBlocks, type KnowledgePage, type Passage } from "./passages.js";

export interface SiteKnowledge {
  /** Undefined when the site has no knowledge. */
  indexFor(siteId: string): Promise<PassageIndex | undefined>;
}

export interface SiteKnowledgeOptions {
  store: KnowledgeStore;
  clock: Clock;
  /** Default 1 s. */
  recheckMs?: number;
  /** A stored document that cannot be read; the last good index stays in use. */
  onError?: (siteId: string, error: unknown) => void;
}

interface Loaded {
  version: string;
  index: PassageIndex | undefined;
  checkedAt: number;
}

export function createSiteKnowledge({ store, clock, recheckMs = 1000, onError }: SiteKnowledgeOptions): SiteKnowledge {
  const loaded = new Map<string, Loaded>();
  const pending = new Map<string, Promise<PassageIndex | undefined>>();

  async function check(siteId: string, current: Loaded | undefined): Promise<PassageIndex | undefined> {
    const now = clock.now().getTime();
    try {
      const version = await store.version(siteId);
      if (current && version === current.version) {
        current.checkedAt = now;
        return current.index;
      }
      const document = await store.read(siteId);
      const index = document.pages.length > 0 ? await buildPassageIndex(sitePassages(document.pages)) : undefined;
      loaded.set(siteId, { version, index, checkedAt: now });
      return index;
    } catch (error) {
      onError?.(siteId, error);
      if (current) current.checkedAt = now;
      return current?.index;
    }
  }

  return {
    async indexFor(siteId) {
      const current = loaded.get(siteId);
      if (current && clock.now().getTime() - current.checkedAt < recheckMs) return current.index;
      // Messages arriving together share one check (and one rebuild).
      let checking = pending.get(siteId);
      if (!checking) {
        checking = check(siteId, current).finally(() => pending.delete(siteId));
        pending.set(siteId, checking);
      }
      return current?.index ?? checking;
    },
  };
}

/** Boilerplate found across all of a site's pages is dropped, then every page is cut into passages. */
export function sitePassages(pages: readonly (KnowledgePage | StoredPage)[]): Passage[] {
  const boilerplate = repeatedBlocks(pages);
  return pages.flatMap((page, number) => pagePassages(page, `p${number}`, boilerplate));
}
