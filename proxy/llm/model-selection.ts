// Which model answers for a list of preferences, its fallbacks, and (for /health/ready, /admin
// and the log) a sentence saying why it is not the first one the owner asked for.
import type { ModelCatalog } from "./catalog.js";
import type { ModelPreference } from "./model-preference.js";

export interface ModelSelection {
  /** Undefined: no model the preferences allow is served. */
  active: string | undefined;
  fallbacks: string[];
  /** Set when something the owner configured is not what answers. */
  degraded: string | undefined;
}

export function selectModels(catalog: ModelCatalog, preferences: readonly ModelPreference[]): ModelSelection {
  const [active, ...fallbacks] = catalog.candidates(...preferences).map((model) => model.id);
  const problems = preferences.flatMap((preference) => preference.ids).filter((id) => id !== active && !catalog.isServed(id));
  const retired = catalog.models().filter((model) => model.status === "retired" && !problems.includes(model.id));
  const reasons = [...problems, ...retired.map((model) => model.id)].map((id) => {
    const at = catalog.retiredAt(id);
    return at ? `${id} was reported retired at ${at.toISOString()}` : `${id} is not served by the provider`;
  });
  const outcome = active === undefined ? "no allowed model is left, so chat answers fail" : `${active} answers`;
  return { active, fallbacks, degraded: reasons.length > 0 ? `${reasons.join("; ")}; ${outcome}.` : undefined };
}
