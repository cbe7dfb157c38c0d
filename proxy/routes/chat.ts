// POST /api/chat: JSON `{ reply, sessionId, sources? }`, or SSE when the client accepts text/event-stream.
import express, { Router, type Request, type Response } from "express";
import { ReplyNotSavedError, type Chat, type ChatEvent, type ChatInput } from "../chat.js";
import { parseChatRequest } from "../http/chat-request.js";
import { clientKey } from "../http/client-key.js";
import { abortOnDisconnect } from "../http/disconnect.js";
import { describeFailure, toApiError } from "../http/errors.js";
import type { MinuteLimit } from "../http/minute-limit.js";
import { ownOrigins } from "../http/own-origins.js";
import { noteForLog } from "../http/request-log.js";
import { siteAccess } from "../http/site-access.js";
import { markSpent } from "../http/spent-answer.js";
import { openSse } from "../http/sse.js";
import type { Logger } from "../log.js";
import { DEFAULT_SITE_ID } from "../sites/site.js";

export interface ChatRouteDeps {
  chat: Chat;
  minuteLimit: MinuteLimit;
  logger: Logger;
  pingIntervalMs: number;
}

export function chatRoute(deps: ChatRouteDeps): Router {
  const router = Router();
  router.post("/api/chat", express.json({ limit: "16kb" }), async (req, res) => {
    const request = parseChatRequest(req.body);
    deps.minuteLimit.enforce(res);
    const { site, keyed } = siteAccess(res);
    const input: ChatInput = {
      ...request,
      site,
      visitorKey: keyed ? undefined : visitorKey(site.id, clientKey(req)),
      ownOrigins: ownOrigins(req),
    };
    const signal = abortOnDisconnect(res);
    if (wantsStream(req)) {
      await sendStream(res, deps.chat.stream(input, signal), signal, deps);
      return;
    }
    const { reply, sessionId, usage, sources } = await deps.chat.reply(input, signal).catch((error: unknown) => {
      if (error instanceof ReplyNotSavedError) markSpent(res);
      throw error;
    });
    noteForLog(res, { ...usage });
    res.json({ reply, sessionId, ...(sources.length > 0 && { sources }) });
  });
  return router;
}

// The default site keeps the bare IP as before (its saved counters stay valid); other sites'
// visitors are counted per site, so one site's busy visitor costs nothing on another.
function visitorKey(siteId: string, ip: string): string {
  return siteId === DEFAULT_SITE_ID ? ip : `${siteId}/${ip}`;
}

function wantsStream(req: Request): boolean {
  return (req.get("accept") ?? "").includes("text/event-stream");
}

async function sendStream(res: Response, events: AsyncIterable<ChatEvent>, signal: AbortSignal, deps: ChatRouteDeps) {
  const sse = openSse(res, deps.pingIntervalMs);
  try {
    for await (const event of events) {
      if (event.type === "finish") {
        noteForLog(res, { ...event.usage });
        sse.send({ type: "finish", finishReason: event.finishReason, sessionId: event.sessionId });
      } else {
        sse.send(event);
      }
    }
  } catch (error) {
    if (error instanceof ReplyNotSavedError) markSpent(res);
    // Before the first byte the error handler answers with plain JSON and its status.
    if (!sse.started) throw error;
    const apiError = toApiError(error, deps.logger);
    noteForLog(res, describeFailure(apiError));
    if (!signal.aborted) sse.send({ type: "error", error: apiError.message, code: apiError.code });
  } finally {
    sse.end();
  }
}
