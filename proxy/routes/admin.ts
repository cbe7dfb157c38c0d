// /admin: a static page (no data, so a browser can navigate to it) whose script asks for the
// token, keeps it in sessionStorage and fetches GET /admin/api/overview with
// `Authorization: Bearer`. Only that JSON is protected. Without ADMIN_TOKEN nothing is mounted: 404.
import { join } from "node:path";
import express, { Router } from "express";
import { adminOverview, type OverviewModels } from "../admin/overview.js";
import { requireAdminToken } from "../http/admin-auth.js";
import type { SiteRegistry } from "../sites/registry.js";
import type { UsageLedger } from "../usage/usage-ledger.js";

export interface AdminRouteDeps {
  adminToken: string | undefined;
  pageDir: string;
  sites: SiteRegistry;
  usage: UsageLedger;
  models: OverviewModels;
}

export function adminRoute({ adminToken, pageDir, sites, usage, models }: AdminRouteDeps): Router {
  const router = Router();
  if (adminToken === undefined) return router;
  router.get("/admin/api/overview", requireAdminToken(adminToken), (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json(adminOverview(sites, usage, models));
  });
  router.get("/admin", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.sendFile(join(pageDir, "index.html"));
  });
  router.use("/admin", express.static(pageDir, { index: false, redirect: false }));
  return router;
}
