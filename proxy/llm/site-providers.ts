// A site with its own Groq key is answered through a provider holding that key, with that key's
// own catalog (its account may serve other models, and a model it reports retired is retired for
// that site only); every other site through the proxy's provider and catalog. Both are made once
// per key and kept (a rotated key makes new ones). A key's catalog starts from the shipped table
// of Groq's models and reads the key's listing when first used and again once an hour, in the
// background: a request never waits for a listing.
import type { Clock } from "../clock.js";
import type { Site } from "../sites/site.js";
import { createModelCatalog, type ModelCatalog } from "./catalog.js";
import { LISTING_REFRESH_MS } from "./catalog-refresh.js";
import { shippedGroqModels } from "./model-info.js";
import type { LlmProvider } from "./provider.js";

export interface SiteModels {
  llmFor(site: Site): LlmProvider;
  catalogFor(site: Site): ModelCatalog;
}

export interface SiteModelsDeps {
  llm: LlmProvider;
  catalog: ModelCatalog;
  withKey: (apiKey: string) => LlmProvider;
  clock: Clock;
  defaultContextTokens: number;
}

interface KeyModels {
  llm: LlmProvider;
  catalog: ModelCatalog;
  listedAt: number | undefined;
}

export function createSiteModels(deps: SiteModelsDeps): SiteModels {
  const byKey = new Map<string, KeyModels>();

  function forKey(apiKey: string): KeyModels {
    let models = byKey.get(apiKey);
    if (!models) {
      const llm = deps.withKey(apiKey);
      const catalog = createModelCatalog({ provider: llm, clock: deps.clock, defaultContextTokens: deps.defaultContextTokens, unlisted: shippedGroqModels() });
      byKey.set(apiKey, (models = { llm, catalog, listedAt: undefined }));
    }
    const now = deps.clock.now().getTime();
    if (models.listedAt === undefined || now - models.listedAt >= LISTING_REFRESH_MS) {
      models.listedAt = now;
      // Unreachable or refused: the catalog keeps what it knew, and the calls themselves will say so.
      models.catalog.refresh().catch(() => undefined);
    }
    return models;
  }

  return {
    llmFor: (site) => (site.groqKey === undefined ? deps.llm : forKey(site.groqKey).llm),
    catalogFor: (site) => (site.groqKey === undefined ? deps.catalog : forKey(site.groqKey).catalog),
  };
}
