// `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time (digests of equal length, so
// neither the token's content nor its length shows in the timing).
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { AdminUnauthorizedError } from "../errors.js";

export function requireAdminToken(adminToken: string): RequestHandler {
  const expected = digest(adminToken);
  return (req, _res, next) => {
    const given = /^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1];
    next(given !== undefined && timingSafeEqual(digest(given), expected) ? undefined : new AdminUnauthorizedError());
  };
}

const digest = (value: string) => createHash("sha256").update(value).digest();
