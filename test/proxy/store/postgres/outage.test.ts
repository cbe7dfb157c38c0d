// The database killed (the server and every backend, SIGKILL) and started again while a proxy
// serves: requests fail fast with 503 STORE_UNAVAILABLE, the process stays up, the pool
// reconnects by itself, and no message the proxy acknowledged is lost. This file runs its own
// cluster, so killing it disturbs no other test file.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorBody, postChat } from "../../../helpers/chat-client.js";
import { startPostgresCluster, type PostgresCluster } from "../../../helpers/postgres-cluster.js";
import { createDatabase } from "../../../helpers/postgres.js";
import { useProxyProcesses } from "../../../helpers/proxy-process.js";

const startProxy = useProxyProcesses();
let cluster: PostgresCluster;

beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(async () => {
  await cluster.stop();
}, 60_000);

/** The server and its backends, by the server's process id (never by name). */
function databaseProcesses(): number[] {
  const postmaster = cluster.pid()!;
  const backends = execFileSync("ps", ["-o", "pid=", "--ppid", String(postmaster)], { encoding: "utf8" }).split("\n").filter(Boolean);
  return [postmaster, ...backends.map(Number)];
}

function killDatabase(): void {
  for (const pid of databaseProcesses()) process.kill(pid, "SIGKILL");
}

describe("the database going away under load", () => {
  it("answers 503 when the database stops answering (frozen, not gone) instead of hanging, and serves again when it resumes", async () => {
    const url = await createDatabase(cluster.adminUrl);
    const proxy = await startProxy({ DATABASE_URL: url });
    expect((await postChat(proxy.url, { message: "Before", sessionId: "frozen" })).status).toBe(200);
    const frozen = databaseProcesses();
    for (const pid of frozen) process.kill(pid, "SIGSTOP");
    try {
      // Bounded by the store's statement and connection timeouts; the signal only keeps a hang from hanging the test.
      const answer = await postChat(proxy.url, { message: "During", sessionId: "frozen" }, {}, AbortSignal.timeout(20_000));
      expect(answer.status).toBe(503);
      expect((await errorBody(answer)).code).toBe("STORE_UNAVAILABLE");
      expect((await fetch(`${proxy.url}/health/ready`, { signal: AbortSignal.timeout(20_000) })).status).toBe(503);
    } finally {
      for (const pid of frozen) process.kill(pid, "SIGCONT");
    }
    expect((await postChat(proxy.url, { message: "After", sessionId: "frozen" })).status).toBe(200);
    expect(proxy.child.exitCode).toBeNull();
  }, 60_000);

  it("answers 503 within seconds, recovers on its own, and keeps every acknowledged message", async () => {
    const url = await createDatabase(cluster.adminUrl);
    const proxy = await startProxy({ DATABASE_URL: url, RATE_LIMIT_PER_MINUTE: "100000", VISITOR_DAILY_QUOTA: "100000", DAILY_QUOTA: "100000" });
    const acknowledged: { sessionId: string; message: string }[] = [];
    const outcomes: string[] = [];
    let phase: "before" | "down" | "after" = "before";
    const counts = { before: 0, down: 0, after: 0 };

    // Four visitors each send one message after another; every answer must come (no hang).
    const visitor = async (n: number) => {
      for (let i = 0; phase !== "after" || counts.after < 8; i += 1) {
        const message = `visitor ${n} message ${i}`;
        const response = await postChat(proxy.url, { message, sessionId: `v${n}` }, {}, AbortSignal.timeout(10_000));
        if (response.status === 200) {
          acknowledged.push({ sessionId: `v${n}`, message });
          counts[phase] += 1;
        } else {
          outcomes.push(`${response.status} ${(await errorBody(response)).code}`);
        }
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(visitor));

    while (counts.before < 8) await new Promise((resolve) => setTimeout(resolve, 20));
    killDatabase();
    phase = "down";
    const ready = await fetch(`${proxy.url}/health/ready`, { signal: AbortSignal.timeout(10_000) });
    expect(ready.status).toBe(503);
    expect((await errorBody(ready)).code).toBe("STORE_UNAVAILABLE");
    while (!outcomes.includes("503 STORE_UNAVAILABLE")) await new Promise((resolve) => setTimeout(resolve, 20));
    await cluster.restart();
    phase = "after";
    await load;

    expect(proxy.child.exitCode).toBeNull();
    expect(new Set(outcomes)).toEqual(new Set(["503 STORE_UNAVAILABLE"]));
    expect((await fetch(`${proxy.url}/health/ready`)).status).toBe(200);
    for (const sessionId of ["v0", "v1", "v2", "v3"]) {
      const history = (await (await fetch(`${proxy.url}/api/history?sessionId=${sessionId}`)).json()) as { messages: { content: string }[] };
      const stored = new Set(history.messages.map((message) => message.content));
      const mine = acknowledged.filter((entry) => entry.sessionId === sessionId).map((entry) => entry.message);
      expect(mine.filter((message) => !stored.has(message))).toEqual([]);
    }
  }, 60_000);
});
