/**
 * The shape every benchmark section returns to `npm run bench`, which prints each figure beside its baseline
 * from the same run (as a ratio) and writes docs/performance.md.
 */
export interface BenchRow {
  /** What was measured, e.g. "national 汇总 of one month (50,000 enterprises)". */
  measure: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, e.g. "hand-written SQL GROUP BY". */
  baseline: string;
  baselineValue: number;
  /** value ÷ baselineValue, or the inverse where "higher is better"; `ratioMeaning` says which. */
  ratio: number;
  ratioMeaning: string;
  /** The target in words and whether this run met it. */
  target?: string;
  isTargetMet?: boolean;
}

export interface BenchSection {
  title: string;
  /** How the figures were taken: data set, concurrency, repetitions, database. */
  method: string;
  rows: BenchRow[];
  notes: string[];
}
