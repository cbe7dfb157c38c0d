// Where a site's knowledge is kept: its sources and the text of their pages, so a restart reads
// the index back instead of crawling again. The admin CLI writes it; proxies only read it and
// watch `version` to pick up the CLI's changes. Behind this interface so another backend
// (PostgreSQL, proxy/store/) can keep it instead of the files of knowledge-files.ts.
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
  write(siteId: string, document: KnowledgeDocument): Promise<void>;
  /** Changes whenever the site's knowledge is written; cheap enough to ask every second. */
  version(siteId: string): Promise<string>;
}

export const emptyKnowledge = (): KnowledgeDocument => ({ sources: [], pages: [] });
