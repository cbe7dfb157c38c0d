// One row of the benchmark table. Every figure is read against a baseline measured in the same
// run, because absolute numbers on a shared 2-core machine mean little.
export interface Figure {
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured in the same run. */
  baseline?: { name: string; value: number };
  /** Spread of repeated measurements, e.g. "p25–p75 1.2–1.4". */
  spread?: string;
  /** Anything else worth reading next to the value (e.g. the brotli size). */
  note?: string;
  target?: { text: string; met: boolean };
}

export type Suite = () => Promise<Figure[]>;
