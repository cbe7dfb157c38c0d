// GET /api/models: the catalog as the provider serves it now, and the models the requesting
// site uses (the one that answers and its fallbacks, in order).
import { Router } from "express";
import { siteAccess } from "../http/site-access.js";
import type { ModelCatalog } from "../llm/catalog.js";
import { selectModels } from "../llm/model-selection.js";
import type { ProviderName } from "../llm/provider.js";

export function modelsRoute(catalog: ModelCatalog, provider: ProviderName): Router {
  const router = Router();
  router.get("/api/models", (_req, res) => {
    const { active, fallbacks } = selectModels(catalog, siteAccess(res).site.models);
    const models = catalog.models().map(({ id, name, contextWindow, maxOutputTokens, bestFor, status }) => ({ id, name, contextWindow, maxOutputTokens, bestFor, status }));
    res.json({ provider, active: active ?? null, fallbacks, models });
  });
  return router;
}
