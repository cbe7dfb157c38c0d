// GET /api/models: the catalog as the requesting site's provider serves it now, and the models
// that site uses (the one that answers and its fallbacks, in order).
import { Router } from "express";
import { siteAccess } from "../http/site-access.js";
import { selectModels } from "../llm/model-selection.js";
import type { SiteModels } from "../llm/site-providers.js";

export function modelsRoute(siteModels: SiteModels): Router {
  const router = Router();
  router.get("/api/models", (_req, res) => {
    const { site } = siteAccess(res);
    const catalog = siteModels.catalogFor(site);
    const { active, fallbacks } = selectModels(catalog, site.models);
    const models = catalog.models().map(({ id, name, contextWindow, maxOutputTokens, bestFor, status }) => ({ id, name, contextWindow, maxOutputTokens, bestFor, status }));
    res.json({ provider: siteModels.llmFor(site).name, active: active ?? null, fallbacks, models });
  });
  return router;
}
