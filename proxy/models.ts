// The model catalog is data (models.json); this file only types it and looks models up.
import { readFileSync } from "node:fs";

export interface ModelInfo {
  id: string;
  name: string;
  contextWindow: number;
  maxOutputTokens: number;
  bestFor: string;
}

export const MODELS: readonly ModelInfo[] = JSON.parse(
  readFileSync(new URL("./models.json", import.meta.url), "utf8"),
);

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((model) => model.id === id);
}

/** The catalog's model with this id; otherwise throws what `fail` makes of a sentence listing the accepted ids. */
export function catalogModel(id: string, fail: (problem: string) => Error): ModelInfo {
  const model = findModel(id);
  if (model) return model;
  throw fail(`${JSON.stringify(id)} is not in the catalog; use one of ${MODELS.map((known) => known.id).join(", ")}`);
}
