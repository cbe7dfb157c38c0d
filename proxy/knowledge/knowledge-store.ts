// Where a site's knowledge is kept: its sources and the text of their pages, so a restart reads
// the index back instead of crawling again. The admin CLI changes it; proxies only read it and
// watch `version` to pick up the CLI's changes. Each backend keeps it its own way
// (proxy/store/files/knowledge-files.ts, proxy/store/postgres/knowledge.ts).
import type { Block } from "./page-text.js";

export type SourceKind = "sitemap" | "url" | "file";

export interface KnowledgeSource {
  /** Short and stable: `k1`, `k2` … in the order they were added. */
  id: string;
  kind: SourceKind;
  /** The sitemap or page URL, or the file's absolute path. */
  location: string;
  addedAt: string;
  refreshedAt: string;
}

export interface StoredPage {
  sourceId: string;
  /** Undefined for a local file. */
  url: string | undefined;
  title: string;
  blocks: Block[];
  /** For `knowledge refresh`: revalidation with If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  /** For a file: its modification time when read. */
  fileMtimeMs?: number;
}

export interface KnowledgeDocument {
  sources: KnowledgeSource[];
  pages: StoredPage[];
}

export interface KnowledgeStore {
  /** An empty document when the site has none. */
  read(siteId: string): Promise<KnowledgeDocument>;
  /**
   * Reads the site's document, lets `change` edit it (a crawl: it may take minutes) and saves it,
   * unless another change was saved meanwhile: then KnowledgeBusyError and nothing is saved. A
   * change that throws saves nothing.
   */
  change<T>(siteId: string, change: (document: KnowledgeDocument) => Promise<T>): Promise<T>;
  /** Changes whenever the site's knowledge is saved; cheap enough to ask every second. */
  version(siteId: string): Promise<string>;
}

/** Another admin command changed the site's knowledge at the same time. */
export class KnowledgeBusyError extends Error {
  constructor(siteId: string) {
    super(`Another admin command is changing the knowledge of ${siteId} right now; try again.`);
    this.name = "KnowledgeBusyError";
  }
}

export const emptyKnowledge = (): KnowledgeDocument => ({ sources: [], pages: [] });
