// Widget weight: what the script tag loads first and everything the widget can load, against
// the floor (the minified builds of the libraries it is made of, gzipped the same way) and the
// published bundles of other embeddable chat widgets, fetched from the npm registry.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compressedSize, sumSizes, type CompressedSize } from "./lib/compressed.js";
import type { Figure } from "./lib/result.js";

const root = new URL("..", import.meta.url).pathname;
const widgetDir = join(root, "dist/widget");

const FLOOR_FILES = [
  "preact/dist/preact.min.js",
  "@preact/signals-core/dist/signals-core.min.js",
  "@preact/signals/dist/signals.min.js",
  "marked/lib/marked.esm.js",
  "dompurify/dist/purify.min.js",
];

// The self-contained browser bundle each package publishes for a script-tag embed.
const PEERS = [
  { spec: "@n8n/chat@1.37.0", file: "dist/chat.bundle.es.js" },
  { spec: "flowise-embed@3.1.6", file: "dist/web.js" },
  { spec: "deep-chat@2.4.2", file: "dist/deepChat.bundle.js" },
  { spec: "@typebot.io/js@0.10.7", file: "dist/web.js" },
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const sizeOf = (path: string): CompressedSize => compressedSize(readFileSync(path));

function peerBundle(spec: string, file: string): string {
  const cache = join(tmpdir(), "chat-widget-bench-peers", spec.replace(/[@/]/g, "_"));
  if (!existsSync(join(cache, "package", file))) {
    mkdirSync(cache, { recursive: true });
    const tarball = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", cache], { encoding: "utf8" });
    execFileSync("tar", ["xzf", join(cache, tarball.trim().split("\n").pop()!), "-C", cache]);
  }
  return join(cache, "package", file);
}

function gzipFigure(name: string, size: CompressedSize, extra: Partial<Figure> = {}): Figure {
  return { suite: "widget weight", name, value: size.gzip, unit: "B gz", note: `brotli ${size.brotli.toLocaleString("en-US")} B`, ...extra };
}

export async function widgetWeight(): Promise<Figure[]> {
  if (!existsSync(join(widgetDir, "widget.js"))) throw new Error("dist/widget is missing: run `npm run build` first");
  const firstLoad = sizeOf(join(widgetDir, "widget.js"));
  const total = sumSizes(filesUnder(widgetDir).filter((path) => /\.(js|css)$/.test(path)).map(sizeOf));
  const floor = sumSizes(FLOOR_FILES.map((file) => sizeOf(join(root, "node_modules", file))));
  const floorBaseline = { name: "floor (preact+signals+marked+dompurify)", value: floor.gzip };

  const figures: Figure[] = [
    gzipFigure("first load (widget.js)", firstLoad, {
      target: { text: "≤ 6,000 B gz", met: firstLoad.gzip <= 6000 },
    }),
    gzipFigure("everything", total, {
      baseline: floorBaseline,
      target: { text: "≤ 40,000 B gz", met: total.gzip <= 40_000 },
    }),
    {
      suite: "widget weight",
      name: "everything ÷ floor",
      value: total.gzip / floor.gzip,
      unit: "×",
      target: { text: "≤ 1.4 × floor", met: total.gzip / floor.gzip <= 1.4 },
    },
  ];
  for (const peer of PEERS) {
    try {
      const size = sizeOf(peerBundle(peer.spec, peer.file));
      figures.push(gzipFigure(`peer ${peer.spec}`, size, { baseline: { name: "ours, everything", value: total.gzip } }));
    } catch (error) {
      console.warn(`widget weight: could not measure ${peer.spec} (${(error as Error).message.split("\n")[0]})`);
    }
  }
  return figures;
}
