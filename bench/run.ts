// `npm run bench`: every suite in bench/, one after another (they would disturb each other),
// then a table on stdout and the raw figures in bench/results.json. Never part of `npm test`.
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import type { Figure, Suite } from "./lib/result.js";
import { renderTable } from "./lib/table.js";
import { memory } from "./memory.js";
import { proxyOverhead } from "./proxy-overhead.js";
import { quotaLoad } from "./quota-load.js";
import { storeScaling } from "./store-scaling.js";
import { widgetStart } from "./widget-start.js";
import { widgetWeight } from "./widget-weight.js";

const suites: Record<string, Suite> = {
  "widget weight": widgetWeight,
  "widget start": widgetStart,
  "proxy overhead": proxyOverhead,
  "store scaling": storeScaling,
  "quota under load": quotaLoad,
  memory,
};

const only = process.argv.slice(2);
const figures: Figure[] = [];
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.error(`bench: ${name}…`);
  figures.push(...(await suite()));
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`Machine: ${machine}\n\n${renderTable(figures)}`);
writeFileSync(
  new URL("./results.json", import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), machine, figures }, null, 2)}\n`,
);
