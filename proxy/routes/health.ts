// GET /health (the process answers) and GET /health/ready (it can also serve chat: the store
// works), with the model that answers and, when it is not the one configured, why.
import { Router } from "express";
import type { ModelCatalog } from "../llm/catalog.js";
import type { ModelPreference } from "../llm/model-preference.js";
import { selectModels } from "../llm/model-selection.js";
import type { ProviderName } from "../llm/provider.js";
import type { Store } from "../store/store.js";
import { guardStore } from "../store/store-guard.js";

export interface HealthDeps {
  store: Store;
  provider: ProviderName;
  catalog: ModelCatalog;
  chatModel: ModelPreference;
}

export function healthRoute({ store, provider, catalog, chatModel }: HealthDeps): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/health/ready", async (_req, res) => {
    await guardStore(store.checkHealth());
    const { active, degraded } = selectModels(catalog, [chatModel]);
    res.json({ status: "ok", store: "ok", provider, model: active ?? null, ...(degraded && { degraded }) });
  });
  return router;
}
