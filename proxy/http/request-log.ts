// A request id on every answer and one log line per request when it ends. The line carries
// what the handlers noted (error code, token counts), never bodies, queries or headers.
import { randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";
import type { LogFields, Logger } from "../log.js";

const notes = new WeakMap<Response, LogFields>();

/** Adds fields to the request's log line. */
export function noteForLog(res: Response, fields: LogFields): void {
  notes.set(res, { ...notes.get(res), ...fields });
}

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    res.setHeader("X-Request-Id", requestId);
    res.on("close", () => {
      logger.info("request", {
        requestId,
        method: req.method,
        path: req.originalUrl.split("?")[0],
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
        ...(res.writableFinished ? {} : { disconnected: true }),
        ...notes.get(res),
      });
    });
    next();
  };
}
