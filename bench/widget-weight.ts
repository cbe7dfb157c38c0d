// Widget weight on the wire: what a browser downloads from the proxy itself (`node
// dist/proxy/server.js`, offline provider) to show the launcher, and then to open the panel and
// read a reply, with brotli and with gzip; against the floor (the minified builds of the
// libraries the widget is made of) and the published bundles of other embeddable chat widgets,
// fetched from the npm registry and compressed the same way (brotli 11, gzip -9).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compressedSize, sumSizes, type CompressedSize } from "./lib/compressed.js";
import { startProxyProcess } from "./lib/proxy-process.js";
import type { Figure } from "./lib/result.js";
import { exchange, type WireExchange } from "./lib/wire.js";

const root = new URL("..", import.meta.url).pathname;
const widgetDir = join(root, "dist/widget");
const FIRST_LOAD_TARGET = 6000;
const FIRST_OPEN_TARGET = 40_000;
// The host page's origin: the widget runs cross-origin, so the browser sends Origin and, before
// the JSON POST, a CORS preflight.
const SITE = "https://shop.example";

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

type Encoding = "br" | "gzip";

interface Visit {
  firstLoad: WireExchange;
  /** Everything after the launcher: panel, table, history, the chat's preflight and reply. */
  open: WireExchange[];
}

const bodies = (exchanges: WireExchange[]) => exchanges.reduce((sum, step) => sum + step.bodyBytes, 0);
const overhead = (exchanges: WireExchange[]) => exchanges.reduce((sum, step) => sum + step.overheadBytes, 0);

/** One visitor's first open, as the browser makes the requests. */
async function visit(proxyUrl: string, encoding: Encoding, tableFile: string, visitor: string): Promise<Visit> {
  const asset = (path: string) => exchange(`${proxyUrl}/${path}`, { headers: { "Accept-Encoding": encoding, Origin: SITE } });
  const firstLoad = await exchange(`${proxyUrl}/widget.js`, { headers: { "Accept-Encoding": encoding } });
  const panelFile = readdirSync(join(widgetDir, "chunks")).find((name) => /^panel-.*\.js$/.test(name))!;
  const [panel, table] = await Promise.all([asset(`chunks/${panelFile}`), asset(`chunks/${tableFile}`)]);
  const api = { "Accept-Encoding": encoding, Origin: SITE };
  const history = await exchange(`${proxyUrl}/api/history?sessionId=${visitor}`, { headers: { ...api, Accept: "application/json" } });
  const preflight = await exchange(`${proxyUrl}/api/chat`, {
    method: "OPTIONS",
    headers: { Origin: SITE, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
  });
  const reply = await exchange(`${proxyUrl}/api/chat`, {
    method: "POST",
    headers: { ...api, Accept: "text/event-stream", "Content-Type": "application/json" },
    body: JSON.stringify({ message: "What does the Pro plan cost?", sessionId: visitor, context: { pageUrl: `${SITE}/pricing`, pageTitle: "Pricing", locale: "en" } }),
  });
  for (const step of [firstLoad, panel, table, history, reply]) {
    if (step.status !== 200) throw new Error(`widget weight: a step of the first open answered ${step.status}`);
  }
  for (const step of [firstLoad, panel, table]) {
    if (step.headers["content-encoding"] !== encoding) throw new Error(`widget weight: the proxy sent ${String(step.headers["content-encoding"])}, not ${encoding}`);
  }
  return { firstLoad, open: [panel, table, history, preflight, reply] };
}

function peerBundle(spec: string, file: string): string {
  const cache = join(tmpdir(), "chat-widget-bench-peers", spec.replace(/[@/]/g, "_"));
  if (!existsSync(join(cache, "package", file))) {
    mkdirSync(cache, { recursive: true });
    const tarball = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", cache], { encoding: "utf8" });
    execFileSync("tar", ["xzf", join(cache, tarball.trim().split("\n").pop()!), "-C", cache]);
  }
  return join(cache, "package", file);
}

const sizeOf = (path: string): CompressedSize => compressedSize(readFileSync(path));
const bytes = (value: number) => `${value.toLocaleString("en-US")} B`;

export async function widgetWeight(): Promise<Figure[]> {
  if (!existsSync(join(widgetDir, "widget.js.br"))) throw new Error("dist/widget is missing or old: run `npm run build` first");
  const tables = readdirSync(join(widgetDir, "chunks")).filter((name) => /^lang-.*\.js$/.test(name));
  const english = tables.find((name) => name.startsWith("lang-en-"))!;
  // The heaviest table compressed, so "one language included" holds for every language.
  const heaviest = tables.reduce((most, name) => (sizeOf(join(widgetDir, "chunks", name)).brotli > sizeOf(join(widgetDir, "chunks", most)).brotli ? name : most));
  const heaviestLanguage = /^lang-([a-z]+)-/.exec(heaviest)![1]!;

  const dataDir = mkdtempSync(join(tmpdir(), "bench-weight-"));
  const proxy = await startProxyProcess({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: "1000" }, join(dataDir, "proxy.log"));
  const visits: Record<Encoding, Visit> & { heaviest?: Visit } = {
    br: await visit(proxy.url, "br", english, "bench-br"),
    gzip: await visit(proxy.url, "gzip", english, "bench-gzip"),
  };
  visits.heaviest = await visit(proxy.url, "br", heaviest, "bench-heaviest");
  await proxy.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const firstOpen = (encoding: Encoding | "heaviest") => {
    const steps = [visits[encoding]!.firstLoad, ...visits[encoding]!.open];
    return { body: bodies(steps), overhead: overhead(steps) };
  };
  const br = firstOpen("br");
  const gzip = firstOpen("gzip");
  const worst = firstOpen("heaviest");

  // The same files as the first open's, on disk, against the libraries they are made of.
  const ours = sumSizes(["widget.js", "chunks/" + readdirSync(join(widgetDir, "chunks")).find((name) => /^panel-.*\.js$/.test(name))!, `chunks/${english}`].map((path) => sizeOf(join(widgetDir, path))));
  const floor = sumSizes(FLOOR_FILES.map((file) => sizeOf(join(root, "node_modules", file))));

  const figures: Figure[] = [
    {
      suite: "widget weight",
      name: "first load on the wire (widget.js, br)",
      value: visits.br.firstLoad.bodyBytes,
      unit: "B",
      note: `gzip ${bytes(visits.gzip.firstLoad.bodyBytes)}; headers ${bytes(visits.br.firstLoad.overheadBytes)}`,
      target: { text: `≤ ${FIRST_LOAD_TARGET.toLocaleString("en-US")} B`, met: visits.br.firstLoad.bodyBytes <= FIRST_LOAD_TARGET },
    },
    {
      suite: "widget weight",
      name: "first open on the wire, English (br)",
      value: br.body,
      unit: "B",
      note: `widget.js, panel, table, history, preflight, reply; gzip ${bytes(gzip.body)}; headers and framing ${bytes(br.overhead)} more (${bytes(br.body + br.overhead)} in all)`,
      target: { text: `≤ ${FIRST_OPEN_TARGET.toLocaleString("en-US")} B`, met: br.body <= FIRST_OPEN_TARGET },
    },
    {
      suite: "widget weight",
      name: `first open on the wire, heaviest table (${heaviestLanguage}, br)`,
      value: worst.body,
      unit: "B",
      note: `headers and framing ${bytes(worst.overhead)} more`,
      target: { text: `≤ ${FIRST_OPEN_TARGET.toLocaleString("en-US")} B`, met: worst.body <= FIRST_OPEN_TARGET },
    },
    {
      suite: "widget weight",
      name: "widget.js + panel + table ÷ floor (gzip)",
      value: ours.gzip / floor.gzip,
      unit: "×",
      note: `ours ${bytes(ours.gzip)} gzip, ${bytes(ours.brotli)} brotli; floor (preact+signals+marked+dompurify) ${bytes(floor.gzip)} gzip, ${bytes(floor.brotli)} brotli`,
      target: { text: "≤ 1.4 × floor", met: ours.gzip / floor.gzip <= 1.4 },
    },
  ];
  for (const peer of PEERS) {
    try {
      const size = sizeOf(peerBundle(peer.spec, peer.file));
      figures.push({
        suite: "widget weight",
        name: `peer ${peer.spec}`,
        value: size.brotli,
        unit: "B",
        baseline: { name: "ours, first open (br)", value: br.body },
        note: `gzip ${bytes(size.gzip)}; the bundle alone, no API calls`,
      });
    } catch (error) {
      console.warn(`widget weight: could not measure ${peer.spec} (${(error as Error).message.split("\n")[0]})`);
    }
  }
  return figures;
}
