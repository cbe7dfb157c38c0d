// Server-sent events as the contract writes them. Headers go out with the first event or the
// first ping, whichever comes first; until then a failure can still be a plain JSON error.
import type { Response } from "express";

export interface SseStream {
  readonly started: boolean;
  send(event: object): void;
  /** Stops the pings; ends the response when the stream had started. */
  end(): void;
}

export function openSse(res: Response, pingIntervalMs: number): SseStream {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.status(200);
    res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    // Buffering proxies (nginx) would hold the reply back until the end without these.
    res.setHeader("Cache-Control", "no-cache, no-transform");
    res.setHeader("X-Accel-Buffering", "no");
    res.flushHeaders();
  };
  const write = (text: string) => {
    if (res.writableEnded || res.destroyed) return;
    start();
    res.write(text);
  };
  // Idle connections get cut by proxies along the way; a comment line keeps them open.
  const ping = setInterval(() => write(": ping\n\n"), pingIntervalMs);

  return {
    get started() {
      return started;
    },
    send: (event) => write(`data: ${JSON.stringify(event)}\n\n`),
    end() {
      clearInterval(ping);
      if (started && !res.writableEnded) res.end();
    },
  };
}
