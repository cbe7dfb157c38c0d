// GET /api/models: the catalog and the model this proxy uses.
import { Router } from "express";
import { MODELS, type ModelInfo } from "../models.js";

export function modelsRoute(active: ModelInfo): Router {
  const body = {
    active: active.id,
    models: MODELS.map(({ id, name, contextWindow, maxOutputTokens, bestFor }) => ({ id, name, contextWindow, maxOutputTokens, bestFor })),
  };
  const router = Router();
  router.get("/api/models", (_req, res) => {
    res.json(body);
  });
  return router;
}
