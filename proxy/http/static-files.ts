// The built widget and the demo site. Widget files are loaded by other sites' pages (the
// script tag, then its chunks through dynamic import(), which is a CORS request), so they carry
// CORP cross-origin and `Access-Control-Allow-Origin: *`; nothing else does.
import { basename } from "node:path";
import express, { type RequestHandler } from "express";

// Vite names lazily loaded chunks `name-<hash>.js`: a changed file gets a new name, so these
// can be cached for good. widget.js keeps its name and must be revalidated.
const HASHED_NAME = /-[A-Za-z0-9_-]{8,}\.[a-z]+$/;

export function widgetFiles(widgetDir: string): RequestHandler {
  return express.static(widgetDir, {
    index: false,
    // serve-static answers a directory without its slash with an HTML redirect page.
    redirect: false,
    setHeaders(res, path) {
      res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.setHeader("Cache-Control", HASHED_NAME.test(basename(path)) ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
}

export function demoFiles(demoDir: string): RequestHandler {
  return express.static(demoDir, { extensions: ["html"], redirect: false });
}
