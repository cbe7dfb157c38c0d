// The catalog at start-up. A key the provider refuses, or a CHAT_MODEL list of which nothing is
// served, stops start-up with one line (ConfigError); an unreachable provider does not (the
// caller keeps retrying). Ids of the list that are skipped are returned as warnings.
import type { Clock } from "../clock.js";
import { ConfigError } from "../config-error.js";
import type { Config } from "../config.js";
import { ProviderKeyRefusedError } from "../errors.js";
import type { Logger } from "../log.js";
import type { ModelCatalog } from "./catalog.js";
import { keepCatalogFresh, type Timers } from "./catalog-refresh.js";
import { formatPreference, type ModelPreference } from "./model-preference.js";
import type { LlmProvider } from "./provider.js";
import { createProxyCatalog, keyVariable } from "./provider-choice.js";

export interface OpenCatalogDeps {
  clock: Clock;
  logger: Logger;
  timers?: Timers;
}

/** The proxy's catalog, read once (see readCatalogAtStart) and then kept fresh until stop(). */
export async function openCatalog(config: Config, llm: LlmProvider, deps: OpenCatalogDeps): Promise<{ catalog: ModelCatalog; stop(): void }> {
  const catalog = createProxyCatalog(config, llm, deps.clock);
  if (llm.name === "offline") return { catalog, stop() {} };
  const atStart = await readCatalogAtStart(catalog, config.chatModel, keyVariable(config));
  for (const warning of atStart.warnings) deps.logger.warn(warning);
  if (!atStart.listed) {
    const auto = llm.name === "groq" ? "auto: the shipped table's Groq models" : "auto: no model until the listing answers";
    deps.logger.warn(`the provider's model listing cannot be read; starting on CHAT_MODEL (${auto}) and retrying every minute`, { code: "PROVIDER_ERROR" });
  }
  const refresher = keepCatalogFresh(catalog, { logger: deps.logger, listed: atStart.listed, ...(deps.timers && { timers: deps.timers }) });
  return { catalog, stop: refresher.stop };
}

export interface CatalogAtStart {
  /** False when the provider could not be reached (or has no listing: offline). */
  listed: boolean;
  /** One sentence per configured id that is not served. */
  warnings: string[];
}

export async function readCatalogAtStart(
  catalog: ModelCatalog,
  preference: ModelPreference,
  keyVariable: string,
): Promise<CatalogAtStart> {
  try {
    await catalog.refresh();
  } catch (error) {
    if (error instanceof ProviderKeyRefusedError) {
      throw new ConfigError(keyVariable, "was refused by the provider (401 invalid key); check it, or unset it to run the offline demo");
    }
    return { listed: false, warnings: [] };
  }
  if (!catalog.listed()) return { listed: false, warnings: [] };
  const served = catalog.models().filter((model) => model.status === "active").map((model) => model.id);
  const unserved = preference.ids.filter((id) => !catalog.isServed(id));
  if (catalog.candidates(preference).length === 0) {
    if (preference.ids.length === 0) throw new ConfigError("CHAT_MODEL", "auto found no chat model in the provider's listing");
    const verb = unserved.length === 1 ? "is" : "are";
    throw new ConfigError("CHAT_MODEL", `${unserved.join(", ")} ${verb} not served by the provider; it serves: ${served.join(", ") || "no chat model"}`);
  }
  return { listed: true, warnings: unserved.map((id) => `CHAT_MODEL: ${id} is not served by the provider; skipped (${formatPreference(preference)})`) };
}
