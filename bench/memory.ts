// Memory: the RSS of the proxy's own process (`node dist/proxy/server.js`, as `npm start` runs it)
// when idle and after 10,000 conversations of one exchange each. The offline provider answers,
// so nothing but the proxy's own state (the store's index of threads, the limiters' counters) grows.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { runLoad } from "./lib/load.js";
import { startProxyProcess, UNLIMITED_QUOTAS } from "./lib/proxy-process.js";
import type { Figure } from "./lib/result.js";

const SUITE = "memory";
const SESSIONS = 10_000;
const CHECKPOINTS = 4;
const MB = 2 ** 20;
const SETTLE_MS = 1000;

export async function memory(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), "chat-widget-bench-memory-"));
  const proxy = await startProxyProcess({ DATA_DIR: join(dataDir, "data"), ...UNLIMITED_QUOTAS }, join(dataDir, "proxy.log"));
  // RSS as the operating system counts it, read after a pause so the collector can catch up.
  const settledRss = async () => {
    await sleep(SETTLE_MS);
    return proxy.rssBytes();
  };
  try {
    const idle = await settledRss();
    const samples: string[] = [];
    let sent = 0;
    for (let checkpoint = 1; checkpoint <= CHECKPOINTS; checkpoint++) {
      const first = sent;
      const amount = SESSIONS / CHECKPOINTS;
      const result = await runLoad({
        url: `${proxy.url}/api/chat`,
        method: "POST",
        connections: 20,
        amount,
        headers: { "content-type": "application/json" },
        body: (n) => JSON.stringify({ message: "Does the kettle come with a warranty?", sessionId: `memory-${first + n}` }),
      });
      if ((result.statuses["200"] ?? 0) !== amount) throw new Error(`memory: not every chat answered 200: ${JSON.stringify(result.statuses)}`);
      sent += amount;
      samples.push(`${((await settledRss()) / MB).toFixed(1)} MB at ${sent.toLocaleString("en-US")}`);
    }
    const after = await settledRss();
    return [
      {
        suite: SUITE,
        name: `proxy RSS after ${SESSIONS.toLocaleString("en-US")} sessions`,
        value: after / MB,
        unit: "MB",
        baseline: { name: "idle", value: idle / MB },
        // RSS includes the V8 heap's headroom, so it is not a per-session cost; the samples show its course.
        note: `RSS ${samples.join(", ")} sessions`,
      },
      { suite: SUITE, name: `proxy RSS after ${SESSIONS.toLocaleString("en-US")} sessions ÷ idle`, value: after / idle, unit: "×" },
    ];
  } finally {
    await proxy.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
