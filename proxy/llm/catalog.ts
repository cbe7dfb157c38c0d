// The models the proxy may use: what the provider serves today (its listing, read by refresh()),
// less the models it has since reported retired. Names and "best for" come from the shipped
// table where it knows the id; context window and output limit from the listing (or
// MODEL_CONTEXT_TOKENS when the listing gives none). Without a listing (offline, or the provider
// not reached yet) explicit ids are taken on trust and `auto` means the shipped table's models.
import type { Clock } from "../clock.js";
import { familyRank, isChatModel } from "./model-kind.js";
import { shippedModel, type ModelInfo } from "./model-info.js";
import type { ModelPreference } from "./model-preference.js";
import type { ListedModel, LlmProvider } from "./provider.js";

export type ModelStatus = "active" | "retired";

export interface CatalogModel extends ModelInfo {
  status: ModelStatus;
}

export interface ModelCatalog {
  /** Reads the listing. Throws ProviderKeyRefusedError and ProviderError (unreachable) from the provider. */
  refresh(): Promise<void>;
  /** Whether a listing has been read (never, offline). */
  listed(): boolean;
  /** The models to try, in order: each preference's own, then the next preference's (no repeats). */
  candidates(...preferences: ModelPreference[]): ModelInfo[];
  /** The provider said so at run time; true the first time for this id. */
  markRetired(id: string): boolean;
  /** When `id` was reported retired, if it was. */
  retiredAt(id: string): Date | undefined;
  /** Served now, or (without a listing) not known to be gone. */
  isServed(id: string): boolean;
  /** Served chat models, then the retired ones, for /api/models and `admin models`. */
  models(): CatalogModel[];
}

export interface ModelCatalogDeps {
  provider: LlmProvider;
  clock: Clock;
  /** MODEL_CONTEXT_TOKENS: the window of a model whose listing gives none. */
  defaultContextTokens: number;
  /** What `auto` means before any listing: the shipped table's models for this provider. */
  unlisted: readonly ModelInfo[];
}

export function createModelCatalog(deps: ModelCatalogDeps): ModelCatalog {
  const { provider, clock, defaultContextTokens, unlisted } = deps;
  let served: Map<string, ModelInfo> | undefined;
  const retired = new Map<string, Date>();

  const usable = (id: string) => !retired.has(id) && (served === undefined || served.has(id));
  // Without a listing, the shipped table's figures are the best guess for an id it knows.
  const info = (id: string): ModelInfo =>
    (served ? served.get(id) : shippedModel(id)) ?? describe({ id, contextWindow: undefined, maxOutputTokens: undefined });

  function describe(listed: ListedModel): ModelInfo {
    const known = shippedModel(listed.id);
    const contextWindow = listed.contextWindow ?? defaultContextTokens;
    return {
      id: listed.id,
      name: known?.name ?? listed.id,
      contextWindow,
      maxOutputTokens: listed.maxOutputTokens ?? known?.maxOutputTokens ?? contextWindow,
      bestFor: known?.bestFor ?? "",
    };
  }

  function autoOrder(): ModelInfo[] {
    const pool = served ? [...served.values()] : [...unlisted];
    const known = (id: string) => {
      const at = unlisted.findIndex((model) => model.id === id);
      return at === -1 ? Number.MAX_SAFE_INTEGER : at;
    };
    // Array.sort is stable: among equals the listing's own order stands.
    return pool.filter((model) => !retired.has(model.id)).sort((a, b) => familyRank(a.id) - familyRank(b.id) || known(a.id) - known(b.id));
  }

  return {
    async refresh() {
      const listing = await provider.listModels(AbortSignal.timeout(15_000));
      if (listing === undefined) return;
      const previous = served;
      served = new Map(listing.filter((model) => isChatModel(model.id)).map((model) => [model.id, describe(model)]));
      // A model that was gone from the listing and is listed again has been brought back.
      for (const id of retired.keys()) if (previous && !previous.has(id) && served.has(id)) retired.delete(id);
    },

    listed: () => served !== undefined,

    candidates(...preferences) {
      const chosen = new Map<string, ModelInfo>();
      for (const preference of preferences) {
        for (const id of preference.ids) if (usable(id) && !chosen.has(id)) chosen.set(id, info(id));
        if (preference.auto) for (const model of autoOrder()) if (!chosen.has(model.id)) chosen.set(model.id, model);
      }
      return [...chosen.values()];
    },

    markRetired(id) {
      if (retired.has(id)) return false;
      retired.set(id, clock.now());
      return true;
    },

    retiredAt: (id) => retired.get(id),

    isServed: usable,

    models() {
      const listedModels = served ? [...served.values()] : [...unlisted];
      const gone = [...retired.keys()].filter((id) => !listedModels.some((model) => model.id === id)).map(info);
      return [...listedModels, ...gone].map((model) => ({ ...model, status: retired.has(model.id) ? "retired" : "active" }));
    },
  };
}
