// Medians and spreads: single runs are noise on a shared machine.
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error("quantile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[index]!;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export function spread(values: readonly number[], digits = 2): string {
  const low = quantile(values, 0.25).toFixed(digits);
  const high = quantile(values, 0.75).toFixed(digits);
  return `p25–p75 ${low}–${high} (n=${values.length})`;
}

export async function repeat<T>(times: number, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await run());
  return results;
}
