// Grounding as the proxy runs it: pages read through safe-fetch.ts, each site's knowledge from
// the store (files in DATA_DIR, or PostgreSQL), and the demo site's pages from disk.
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { loadDemoKnowledge } from "./demo-knowledge.js";
import { createGrounder, type Grounder } from "./grounding.js";
import type { KnowledgeStore } from "./knowledge-store.js";
import { createPageReader } from "./page-reader.js";
import { createSafeFetch, type SafeFetchOptions } from "./safe-fetch.js";
import { createSiteKnowledge } from "./site-knowledge.js";

export interface KnowledgeOptions {
  store: KnowledgeStore;
  /** Undefined: no demo knowledge. */
  demoDir: string | undefined;
  clock: Clock;
  logger: Logger;
  /** Resolver, timeout and size cap of page reading (tests make them small). */
  fetch?: SafeFetchOptions;
}

export function createKnowledgeGrounder(options: KnowledgeOptions): Grounder {
  const { clock, logger } = options;
  return createGrounder({
    pages: createPageReader({
      fetch: createSafeFetch(options.fetch),
      clock,
      // Origin and path only: a visitor's query string may hold tokens.
      onUnreadable: (url, reason) => logger.info("page not read for grounding", { url: withoutQuery(url), reason }),
    }),
    knowledge: createSiteKnowledge({
      store: options.store,
      clock,
      onError: (siteId, error) => logger.error("site knowledge cannot be read; the last good copy stays in use", { siteId, problem: String(error) }),
    }),
    demo: options.demoDir === undefined ? undefined : loadDemoKnowledge(options.demoDir),
  });
}

function withoutQuery(url: string): string {
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`;
}
