// The built widget in memory: each file with the brotli and gzip copies the build wrote next to
// it (`widget.js.br`, `widget.js.gz`), keyed by URL path. A copy the build did not write is simply
// not offered; the file itself always is.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";

export type Encoding = "br" | "gzip" | "identity";

export interface Variant {
  bytes: Buffer;
  /** Strong, and different per encoding: the bytes differ, so caches must not mix them up. */
  etag: string;
}

export interface WidgetFile {
  contentType: string;
  variants: Partial<Record<Encoding, Variant>> & { identity: Variant };
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};
const SUFFIXES = { br: ".br", gzip: ".gz" } as const;

/** An absent folder (the widget not built yet) serves nothing rather than stopping start-up. */
export function loadWidgetFiles(widgetDir: string): Map<string, WidgetFile> {
  const files = new Map<string, WidgetFile>();
  if (!existsSync(widgetDir)) return files;
  for (const entry of readdirSync(widgetDir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || path.endsWith(SUFFIXES.br) || path.endsWith(SUFFIXES.gzip)) continue;
    const variants: WidgetFile["variants"] = { identity: variant(readFileSync(path)) };
    for (const [encoding, suffix] of Object.entries(SUFFIXES) as Array<[keyof typeof SUFFIXES, string]>) {
      if (existsSync(path + suffix)) variants[encoding] = variant(readFileSync(path + suffix));
    }
    const urlPath = `/${relative(widgetDir, path).split(sep).join("/")}`;
    files.set(urlPath, { contentType: CONTENT_TYPES[extname(path)] ?? "application/octet-stream", variants });
  }
  return files;
}

function variant(bytes: Buffer): Variant {
  return { bytes, etag: `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 32)}"` };
}
