import type { ReadonlySignal } from "@preact/signals-core";
import { useEffect, useReducer } from "preact/hooks";

/**
 * Reads a signal and re-renders when it changes. A few lines instead of @preact/signals'
 * automatic integration, which would cost ~2 KB gzip of the 40 KB budget.
 */
export function useValue<T>(source: ReadonlySignal<T>): T {
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const value = source.value;
  // subscribe() calls back at once, so a change between render and effect is not missed.
  useEffect(() => source.subscribe((next) => next !== value && rerender(0)), [source, value]);
  return value;
}
