// What happens when the provider reports a model retired: the catalog marks it (later requests
// skip it) and the log says so once per model and catalog.
import type { ModelRetiredError } from "../errors.js";
import type { Logger } from "../log.js";
import type { ModelCatalog } from "./catalog.js";

export function recordRetirement(catalog: ModelCatalog, logger: Logger, error: ModelRetiredError): void {
  if (!catalog.markRetired(error.model)) return;
  logger.warn(`the provider reports model ${error.model} retired or unknown; requests go to the next model of the list`, {
    model: error.model,
    code: "MODEL_RETIRED",
  });
}
