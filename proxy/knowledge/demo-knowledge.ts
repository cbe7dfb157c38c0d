// The demo site's own pages as knowledge, so a fresh clone shows grounded answers without a
// crawl: demo/*.html read from disk at start-up. Their links belong to whichever origin the
// visitor reached the proxy on, so the index is built per origin (a handful at most: 127.0.0.1,
// localhost), on first use.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { htmlToPageText } from "./page-text.js";
import { buildPassageIndex, type PassageIndex } from "./passage-index.js";
import type { KnowledgePage } from "./passages.js";
import { sitePassages } from "./site-knowledge.js";

export interface DemoKnowledge {
  /** Undefined when the demo folder has no pages. */
  indexFor(origin: string): Promise<PassageIndex | undefined>;
}

const MAX_ORIGINS = 8;

export function loadDemoKnowledge(demoDir: string): DemoKnowledge {
  // A demo folder that cannot be read means no demo knowledge, never a failed message.
  const pages = readDemoPages(demoDir).catch(() => [] as KnowledgePage[]);
  // Promises, so messages arriving together share one build.
  const byOrigin = new Map<string, Promise<PassageIndex | undefined>>();
  return {
    indexFor(origin) {
      let index = byOrigin.get(origin);
      if (!index) {
        if (byOrigin.size >= MAX_ORIGINS) byOrigin.clear();
        index = pages.then((read) =>
          read.length > 0 ? buildPassageIndex(sitePassages(read.map((page) => ({ ...page, url: new URL(page.url!, origin).href })))) : undefined,
        );
        byOrigin.set(origin, index);
      }
      return index;
    },
  };
}

async function readDemoPages(demoDir: string): Promise<KnowledgePage[]> {
  const files = await readdir(demoDir).catch(() => [] as string[]);
  const pages: KnowledgePage[] = [];
  for (const file of files.filter((name) => name.endsWith(".html")).sort()) {
    const { title, blocks } = htmlToPageText(await readFile(join(demoDir, file), "utf8"), file);
    pages.push({ url: file === "index.html" ? "/" : `/${file}`, title, blocks });
  }
  return pages;
}
