// GET /api/models: the catalog and the model the requesting site uses.
import { Router } from "express";
import { siteAccess } from "../http/site-access.js";
import { MODELS } from "../models.js";

const models = MODELS.map(({ id, name, contextWindow, maxOutputTokens, bestFor }) => ({ id, name, contextWindow, maxOutputTokens, bestFor }));

export function modelsRoute(): Router {
  const router = Router();
  router.get("/api/models", (_req, res) => {
    res.json({ active: siteAccess(res).site.model.id, models });
  });
  return router;
}
