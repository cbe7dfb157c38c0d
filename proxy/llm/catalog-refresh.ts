// Keeps the catalog current: the listing is read again every hour, or every minute while the
// provider cannot be reached (logged once per outage, and once when it answers again).
import { ProviderKeyRefusedError } from "../errors.js";
import type { Logger } from "../log.js";
import type { ModelCatalog } from "./catalog.js";

export const LISTING_REFRESH_MS = 3_600_000;
export const LISTING_RETRY_MS = 60_000;

/** setTimeout and clearTimeout, injected so tests move time by hand. */
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface CatalogRefreshOptions {
  logger: Logger;
  timers?: Timers;
  /** Whether the listing was read at start-up (if not, the first retry is in a minute). */
  listed: boolean;
}

export function keepCatalogFresh(catalog: ModelCatalog, options: CatalogRefreshOptions): { stop(): void } {
  const { logger, timers = realTimers } = options;
  let unreachable = !options.listed;
  let handle: unknown;
  let stopped = false;

  const schedule = () => {
    if (!stopped) handle = timers.setTimeout(() => void refresh(), unreachable ? LISTING_RETRY_MS : LISTING_REFRESH_MS);
  };

  async function refresh() {
    try {
      await catalog.refresh();
      if (unreachable) logger.info("the provider's model listing answers again");
      unreachable = false;
    } catch (error) {
      if (error instanceof ProviderKeyRefusedError) logger.error("the provider refused the key when listing models; chat calls will fail until it is fixed");
      else if (!unreachable) logger.warn("the provider's model listing cannot be read; retrying every minute", { code: "PROVIDER_ERROR" });
      unreachable = !(error instanceof ProviderKeyRefusedError);
    }
    schedule();
  }

  schedule();
  return {
    stop() {
      stopped = true;
      timers.clearTimeout(handle);
    },
  };
}
