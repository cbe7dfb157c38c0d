// GET and DELETE /api/history?sessionId=, within the requesting site's conversations.
import { Router } from "express";
import { parseSessionId } from "../http/chat-request.js";
import { siteAccess } from "../http/site-access.js";
import { siteSessionKey, type History } from "../history.js";
import { guardStore } from "../store/store-guard.js";

export function historyRoute(history: History): Router {
  const router = Router();
  router.get("/api/history", async (req, res) => {
    const sessionId = parseSessionId(req.query.sessionId);
    const messages = await guardStore(history.read(siteSessionKey(siteAccess(res).site.id, sessionId)));
    res.json({
      sessionId,
      messages: messages.map(({ role, content, createdAt }) => ({ role, content, createdAt })),
    });
  });
  router.delete("/api/history", async (req, res) => {
    const sessionId = parseSessionId(req.query.sessionId);
    await guardStore(history.remove(siteSessionKey(siteAccess(res).site.id, sessionId)));
    res.status(204).end();
  });
  return router;
}
