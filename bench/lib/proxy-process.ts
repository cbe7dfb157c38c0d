// The proxy as site owners run it: `node dist/proxy/server.js` (what `npm start` imports), set up
// through the environment, in its own process. Its CPU time and RSS are read from /proc, so
// nothing of the load generator, the Groq double or a TypeScript loader is counted as the proxy's.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const root = new URL("../..", import.meta.url).pathname;
const serverFile = join(root, "dist/proxy/server.js");
const CLOCK_TICKS_PER_SECOND = 100;

/** Every quota out of reach, so a benchmark measures the proxy's work and never its refusals. */
export const UNLIMITED_QUOTAS = {
  DAILY_QUOTA: String(Number.MAX_SAFE_INTEGER),
  VISITOR_DAILY_QUOTA: String(Number.MAX_SAFE_INTEGER),
  RATE_LIMIT_PER_MINUTE: String(Number.MAX_SAFE_INTEGER),
};

/** The environment of a proxy on the Groq double, quotas out of reach; `store`: DATA_DIR or DATABASE_URL. */
export function benchProxyEnv(doubleUrl: string, store: { DATA_DIR: string } | { DATABASE_URL: string }): Record<string, string> {
  return { ...store, GROQ_API_KEY: "gsk_bench_key", GROQ_BASE_URL: doubleUrl, ...UNLIMITED_QUOTAS };
}

export interface ProxyProcess {
  url: string;
  /** User + system CPU time so far, in milliseconds (10 ms resolution). */
  cpuMs(): Promise<number>;
  rssBytes(): Promise<number>;
  stop(): Promise<void>;
}

/** `env` as a site owner would set it; PORT, HOST and the log file are chosen here. `nodeArgs`: e.g. `--cpu-prof`. */
export async function startProxyProcess(env: Record<string, string>, logFile: string, nodeArgs: string[] = []): Promise<ProxyProcess> {
  requireFreshBuild();
  // The JSON log (a line a request) goes to a file: the cost of writing it stays the proxy's.
  const log = openSync(logFile, "w");
  const child = spawn(process.execPath, [...nodeArgs, serverFile], {
    env: { PATH: process.env.PATH, ...env, PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", log, "inherit"],
  });
  closeSync(log);
  const exited = once(child, "exit");
  const url = await listeningUrl(logFile, () => child.exitCode !== null);
  const proc = `/proc/${child.pid}`;
  return {
    url,
    cpuMs: () => processCpuMs(child.pid!),
    async rssBytes() {
      const kilobytes = /VmRSS:\s+(\d+) kB/.exec(await readFile(`${proc}/status`, "utf8"))?.[1];
      return Number(kilobytes) * 1024;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** User + system CPU time of a process so far, in milliseconds (10 ms resolution), from /proc. */
export async function processCpuMs(pid: number): Promise<number> {
  // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the parenthesised name.
  const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function listeningUrl(logFile: string, hasExited: () => boolean): Promise<string> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    for (const line of readFileSync(logFile, "utf8").split("\n")) {
      if (line.includes("listening")) return (JSON.parse(line) as { url: string }).url;
    }
    if (hasExited()) break;
    await sleep(50);
  }
  throw new Error(`the proxy did not start; see ${logFile}`);
}

function requireFreshBuild(): void {
  if (!existsSync("/proc/self/stat")) throw new Error("these suites read CPU time and RSS from /proc (Linux)");
  if (!existsSync(serverFile)) throw new Error("dist/proxy is missing: run `npm run build` first");
  if (newestMtime(join(root, "proxy")) > statSync(serverFile).mtimeMs) {
    console.warn("bench: dist/proxy is older than proxy/; these figures measure the last build (`npm run build` to refresh)");
  }
}

function newestMtime(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? newestMtime(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );
}
