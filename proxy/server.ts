// The process around startProxy: configuration, the provider, the start-up line, pruning, and a clean end.
// Start-up problems a site owner can fix (a bad variable, a locked or corrupt data directory, a
// busy port) print one line and exit 1.
import { systemClock } from "./clock.js";
import { ConfigError, parseConfig } from "./config.js";
import { DataDirLockedError } from "./store/files/data-dir-lock.js";
import { DataFileError } from "./store/files/data-file.js";
import { createHistory } from "./history.js";
import { openCatalog } from "./llm/catalog-start.js";
import { selectModels } from "./llm/model-selection.js";
import { createConfiguredProvider } from "./llm/provider-choice.js";
import { createJsonLogger } from "./log.js";
import { SitesConfigError } from "./sites/resolve-site.js";
import { DatabaseUnreachableError } from "./store/postgres/postgres-store.js";
import { startProxy } from "./start-proxy.js";

const PRUNE_INTERVAL_MS = 10 * 60_000;
/** How long running streams may take to finish after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

try {
  await main();
} catch (error) {
  if (!isStartupProblem(error)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createJsonLogger();
  const clock = systemClock;
  const llm = createConfiguredProvider(config);
  const models = await openCatalog(config, llm, { clock, logger });
  const { server, port, store, quota, sites, usage, stopUsageRefresh } = await startProxy(config, { llm, catalog: models.catalog, clock, logger });
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  const offlineNote = llm.name === "offline" ? " (offline: no GROQ_API_KEY set, replies quote the site instead of a model)" : "";
  const { active, fallbacks } = selectModels(models.catalog, [config.chatModel]);
  // The offline provider answers every id the same way, so naming a model there would mislead.
  const answering =
    llm.name === "offline" ? "" : `, answering with ${active ?? "no model yet"}${fallbacks.length > 0 ? ` (fallbacks: ${fallbacks.join(", ")})` : ""}`;
  const storeNote = store.kind === "postgres" ? ", store in PostgreSQL (DATABASE_URL)" : "";
  logger.info(`chat proxy listening on ${url} with the ${llm.name} provider${offlineNote}${answering}${storeNote}`, {
    url,
    provider: llm.name,
    model: active,
    fallbacks: fallbacks.join(","),
    sites: sites.all().length,
    store: store.kind,
  });

  const history = createHistory({ store, clock, sessionTtlMs: config.sessionTtlMs });
  const prune = () =>
    history.prune().then(
      (pruned) => pruned > 0 && logger.info("pruned expired conversations", { pruned }),
      () => logger.error("pruning expired conversations failed", { code: "STORE_UNAVAILABLE" }),
    );
  void prune();
  setInterval(prune, PRUNE_INTERVAL_MS).unref();

  let stopping = false;
  const stop = async (signal: string) => {
    // A second signal means "now": cut what is still open.
    if (stopping) return server.closeAllConnections();
    stopping = true;
    logger.info("shutting down", { signal });
    const closed = new Promise((resolve) => server.close(resolve));
    // close() only drops the connections idle right now; a keep-alive connection whose stream
    // ends later would otherwise hold the process for its keep-alive timeout.
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    await closed;
    await quota.flush().catch(() => logger.error("saving quota counters failed", { code: "STORE_UNAVAILABLE" }));
    await usage.flush().catch(() => logger.error("saving usage failed", { code: "STORE_UNAVAILABLE" }));
    stopUsageRefresh();
    sites.stop();
    models.stop();
    await store.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

function isStartupProblem(error: unknown): error is Error {
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof DataFileError) return true;
  if (error instanceof SitesConfigError || error instanceof DatabaseUnreachableError) return true;
  return error instanceof Error && "code" in error && (error.code === "EADDRINUSE" || error.code === "EACCES");
}
