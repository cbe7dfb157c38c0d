// `models`: what the provider serves now (its listing, read by this command), marking the model
// that answers for CHAT_MODEL and its fallbacks: the owner's first question after a retirement
// email. Offline it shows the shipped table.
import type { Config } from "../config.js";
import { ProviderError, ProviderKeyRefusedError } from "../errors.js";
import { systemClock } from "../clock.js";
import { formatPreference } from "../llm/model-preference.js";
import { selectModels } from "../llm/model-selection.js";
import type { LlmProvider } from "../llm/provider.js";
import { createProxyCatalog, keyVariable } from "../llm/provider-choice.js";
import { CliError } from "./cli-error.js";
import { formatTable } from "./table.js";

export async function showModels(config: Config, provider: LlmProvider, json: boolean): Promise<string> {
  const catalog = createProxyCatalog(config, provider, systemClock);
  await catalog.refresh().catch((error: unknown) => {
    if (error instanceof ProviderKeyRefusedError) throw new CliError(`${keyVariable(config)}: refused by the provider (401 invalid key)`, 1);
    if (error instanceof ProviderError) throw new CliError("The provider's model listing cannot be read; check the network and the base URL, then try again.", 1);
    throw error;
  });
  const { active, fallbacks, degraded } = selectModels(catalog, [config.chatModel]);
  const order = [active, ...fallbacks];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const roleOf = (id: string) => (id === active ? "active" : fallbacks.includes(id) ? `fallback ${fallbacks.indexOf(id) + 1}` : "");
  const models = catalog
    .models()
    .map((model) => ({ ...model, role: roleOf(model.id) }))
    .sort((a, b) => rank(a.id) - rank(b.id));
  if (json) return `${JSON.stringify({ provider: provider.name, chatModel: formatPreference(config.chatModel), active: active ?? null, fallbacks, models }, null, 2)}\n`;

  const source = catalog.listed() ? "served now" : "the shipped table (offline: no provider key set)";
  const lines = [`Provider ${provider.name}, CHAT_MODEL=${formatPreference(config.chatModel)}: ${models.length} chat models, ${source}.`];
  if (degraded) lines.push(`Note: ${degraded}`);
  const table = formatTable(
    ["", "MODEL", "NAME", "CONTEXT", "MAX OUTPUT", "BEST FOR"],
    models.map((model) => [model.role, model.id, model.name, String(model.contextWindow), String(model.maxOutputTokens), model.bestFor]),
  );
  return `${lines.join("\n")}\n\n${table}`;
}
