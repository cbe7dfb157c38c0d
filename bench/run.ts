// `npm run bench`: every suite in bench/, one after another (they would disturb each other),
// then a table on stdout and the raw figures in bench/results.json. Never part of `npm test`.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import type { Figure, Suite } from "./lib/result.js";
import { renderTable } from "./lib/table.js";
import { memory } from "./memory.js";
import { proxyOverhead } from "./proxy-overhead.js";
import { quotaLoad } from "./quota-load.js";
import { retrieval } from "./retrieval.js";
import { storeScaling } from "./store-scaling.js";
import { widgetStart } from "./widget-start.js";
import { widgetWeight } from "./widget-weight.js";

const suites: Record<string, Suite> = {
  "widget weight": widgetWeight,
  "widget start": widgetStart,
  "proxy overhead": proxyOverhead,
  "store scaling": storeScaling,
  "quota under load": quotaLoad,
  retrieval,
  memory,
};

const only = process.argv.slice(2);
const figures: Figure[] = [];
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.error(`bench: ${name}…`);
  figures.push(...(await suite()));
}

// A run of some suites (`npm run bench -- "widget weight"`) replaces only their figures in results.json.
const resultsFile = new URL("./results.json", import.meta.url);
if (only.length > 0 && existsSync(resultsFile)) {
  const earlier = (JSON.parse(readFileSync(resultsFile, "utf8")) as { figures: Figure[] }).figures;
  figures.unshift(...earlier.filter((figure) => !only.includes(figure.suite)));
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`Machine: ${machine}\n\n${renderTable(figures)}`);
writeFileSync(
  resultsFile,
  `${JSON.stringify({ date: new Date().toISOString(), machine, figures }, null, 2)}\n`,
);
