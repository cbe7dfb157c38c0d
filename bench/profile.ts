// `npm run bench:profile`: where the proxy's CPU goes under the bench's JSON load. The proxy runs
// as `npm start` runs it, under `node --cpu-prof`, against the Groq double in its own process;
// the profile is summarised by self time (the functions that burn the CPU themselves, and the
// packages they belong to). The raw .cpuprofile stays in the printed folder for Chrome DevTools.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "./lib/child.js";
import { runLoad } from "./lib/load.js";
import { benchProxyEnv, startProxyProcess } from "./lib/proxy-process.js";
import type { DoubleReply } from "./processes/groq-double.js";

const SECONDS = Number(process.argv[2] ?? 10);
const STREAM = process.argv.includes("--stream");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const dir = await mkdtemp(join(tmpdir(), "chat-widget-profile-"));
const double = await startChild(new URL("./processes/groq-double.ts", import.meta.url), {});
await double.command({ text: "Our kettle boils a full litre in under four minutes." } satisfies DoubleReply);
const proxy = await startProxyProcess(benchProxyEnv(double.url, { DATA_DIR: join(dir, "data") }), join(dir, "proxy.log"), [
  "--cpu-prof",
  `--cpu-prof-dir=${dir}`,
]);
let sessions = 0;
const result = await runLoad({
  url: `${proxy.url}/api/chat`,
  method: "POST",
  connections: 20,
  duration: SECONDS,
  headers: { "content-type": "application/json", ...(STREAM && { accept: "text/event-stream" }) },
  body: (n) => JSON.stringify({ message: `Question ${n}: how long does the kettle take?`, sessionId: `profile-${n % 5 === 0 ? ++sessions : sessions}` }),
});
const cpuMs = await proxy.cpuMs();
await proxy.stop();
await double.stop();

const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
if (!file) throw new Error(`no profile written in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
const selfUs = new Map<number, number>();
profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0);

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || "(anonymous)"} ${shortUrl(url)}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byPlace.set(place(url, functionName), (byPlace.get(place(url, functionName)) ?? 0) + us);
}

const top = (map: Map<string, number>, count: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`)
    .join("\n");
console.log(`${result.responses} ${STREAM ? "streamed" : "JSON"} chats in ${result.seconds} s (${result.perSecond.toFixed(0)}/s), proxy CPU ${(cpuMs / result.responses).toFixed(2)} ms a chat`);
console.log(`\nSelf time by place:\n${top(byPlace, 15)}\n\nSelf time by function:\n${top(byFunction, 30)}\n\nProfile: ${join(dir, file)}`);

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, "$1/");
}

function place(url: string, functionName: string): string {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (module) return module;
  if (url.includes("/dist/proxy/")) return `proxy: ${url.split("/dist/proxy/")[1]}`;
  if (url.startsWith("node:")) return url;
  return functionName.startsWith("(") ? functionName : "(node internals)";
}
