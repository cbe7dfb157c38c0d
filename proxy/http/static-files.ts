// The built widget and the demo site. Widget files are loaded by other sites' pages (the
// script tag, then its chunks through dynamic import(), which is a CORS request), so they carry
// CORP cross-origin and `Access-Control-Allow-Origin: *`; nothing else does.
import express, { type RequestHandler } from "express";
import { negotiateEncoding } from "./accept-encoding.js";
import { loadWidgetFiles, type Encoding } from "./widget-files.js";

// Vite names lazily loaded chunks `name-<hash>.js`: a changed file gets a new name, so these
// can be cached for good. widget.js keeps its name (it is in site owners' script tags), so
// browsers keep it five minutes and then revalidate it with its ETag.
const HASHED_NAME = /-[A-Za-z0-9_-]{8,}\.[a-z]+$/;
const IMMUTABLE = "public, max-age=31536000, immutable";
const SHORT = "public, max-age=300";

/**
 * Serves the widget from memory: the files and their build-time brotli and gzip copies are read,
 * and their ETags hashed, once here at start-up, so a request only picks a variant. Restart the
 * proxy after a rebuild.
 */
export function widgetFiles(widgetDir: string): RequestHandler {
  const files = new Map(
    [...loadWidgetFiles(widgetDir)].map(([path, file]) => [
      path,
      { ...file, encodings: Object.keys(file.variants) as Encoding[], cacheControl: HASHED_NAME.test(path) ? IMMUTABLE : SHORT },
    ]),
  );
  return (req, res, next) => {
    const file = req.method === "GET" || req.method === "HEAD" ? files.get(req.path) : undefined;
    if (!file) return next();
    const encoding = negotiateEncoding(req.get("accept-encoding"), file.encodings);
    const variant = file.variants[encoding]!;
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Cache-Control", file.cacheControl);
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("ETag", variant.etag);
    if (matches(req.get("if-none-match"), variant.etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader("Content-Type", file.contentType);
    if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
    res.setHeader("Content-Length", variant.bytes.length);
    res.status(200).end(req.method === "HEAD" ? undefined : variant.bytes);
  };
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): a W/ prefix does not stop a match. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const trimmed = tag.trim();
    return trimmed === "*" || trimmed.replace(/^W\//, "") === etag;
  });
}

export function demoFiles(demoDir: string): RequestHandler {
  return express.static(demoDir, { extensions: ["html"], redirect: false });
}
