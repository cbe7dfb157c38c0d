// GET /health (the process answers) and GET /health/ready (it can also serve chat: the store works).
import { Router } from "express";
import type { LlmProvider } from "../llm/provider.js";
import type { Store } from "../store.js";
import { guardStore } from "../store-guard.js";

export function healthRoute(store: Store, provider: LlmProvider["name"]): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/health/ready", async (_req, res) => {
    await guardStore(store.checkHealth());
    res.json({ status: "ok", store: "ok", provider });
  });
  return router;
}
