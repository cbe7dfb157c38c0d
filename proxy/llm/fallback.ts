// One request, tried on each model of its list in turn while the provider answers "retired or
// unknown" (ModelRetiredError). That answer always comes before any of the reply, so a visitor
// never sees two models' words; any other failure ends the request as it is.
import { ModelRetiredError, ProviderError } from "../errors.js";
import type { ModelInfo } from "./model-info.js";

export const NO_MODEL_LEFT = "No model is available to answer right now. Please try again later.";

export async function completeWithFallback<T>(
  models: readonly ModelInfo[],
  call: (model: ModelInfo) => Promise<T>,
  onRetired: (error: ModelRetiredError) => void,
): Promise<T> {
  let last: ModelRetiredError | undefined;
  for (const model of models) {
    try {
      return await call(model);
    } catch (error) {
      if (!(error instanceof ModelRetiredError)) throw error;
      onRetired(error);
      last = error;
    }
  }
  throw new ProviderError(NO_MODEL_LEFT, last);
}

export async function* streamWithFallback<T>(
  models: readonly ModelInfo[],
  open: (model: ModelInfo) => AsyncIterable<T>,
  onRetired: (error: ModelRetiredError) => void,
): AsyncIterable<T> {
  let last: ModelRetiredError | undefined;
  for (const model of models) {
    let started = false;
    try {
      for await (const event of open(model)) {
        started = true;
        yield event;
      }
      return;
    } catch (error) {
      if (started || !(error instanceof ModelRetiredError)) throw error;
      onRetired(error);
      last = error;
    }
  }
  throw new ProviderError(NO_MODEL_LEFT, last);
}
