// The origins a request reached the proxy on, from the socket it arrived on (never from the Host
// header, which a caller writes): pages there are the proxy's own demo, readable for grounding.
import type { Request } from "express";
import { addressKind, normaliseOrigins } from "../knowledge/fetch-policy.js";

export function ownOrigins(req: Request): string[] {
  const { localAddress, localPort } = req.socket;
  if (!localAddress || !localPort) return [];
  const address = localAddress.replace(/^::ffff:(?=\d+\.)/i, "");
  const origins = [`http://${address.includes(":") ? `[${address}]` : address}:${localPort}`];
  if (addressKind(address) === "loopback") origins.push(`http://localhost:${localPort}`);
  return [...normaliseOrigins(origins)];
}
