// Helmet's defaults on every answer, with one change: no upgrade-insecure-requests, because a
// self-hosted proxy is often reached over plain http (127.0.0.1, a LAN), where upgrading the
// demo page's /widget.js and /api calls to https would break them. TLS is the front proxy's job.
// Helmet's headers do not depend on the request: they are worked out once, at start-up, and each
// answer only gets the finished list (helmet's chain of a dozen middlewares per request was
// visible in the profile).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import helmet from "helmet";

export function securityHeaders(): RequestHandler {
  const headers: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => void headers.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let finished = false;
  helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } })(
    {} as IncomingMessage,
    // Only setHeader and removeHeader are called by helmet's middlewares.
    recorder as unknown as ServerResponse,
    () => (finished = true),
  );
  if (!finished) throw new Error("helmet did not finish synchronously; its headers cannot be worked out once");
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
