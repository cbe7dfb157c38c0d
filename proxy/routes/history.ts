// GET and DELETE /api/history?sessionId=
import { Router } from "express";
import { parseSessionId } from "../http/chat-request.js";
import type { History } from "../history.js";
import { guardStore } from "../store-guard.js";

export function historyRoute(history: History): Router {
  const router = Router();
  router.get("/api/history", async (req, res) => {
    const sessionId = parseSessionId(req.query.sessionId);
    const messages = await guardStore(history.read(sessionId));
    res.json({
      sessionId,
      messages: messages.map(({ role, content, createdAt }) => ({ role, content, createdAt })),
    });
  });
  router.delete("/api/history", async (req, res) => {
    await guardStore(history.remove(parseSessionId(req.query.sessionId)));
    res.status(204).end();
  });
  return router;
}
