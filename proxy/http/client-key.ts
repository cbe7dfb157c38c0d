// Who a visitor is, for the minute limit and the visitor's daily quota: the client IP, with IPv6
// bucketed by subnet (one person usually holds a whole /56). `trust proxy` decides what req.ip is.
import type { Request } from "express";
import { ipKeyGenerator } from "express-rate-limit";

export function clientKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? "unknown");
}
