// Selective (significance) editing: review first the filings whose possible error moves the total most, and stop
// when what is left cannot move it by more than a threshold (Latouche & Berthelot 1992; Hedlin 2003; ISTAT SeleMix
// `sel.edit`). Accepting the rest means not reviewing it; no value is ever changed.

/** One key indicator of one filing: its reported value y, the expected value ŷ and the total T̂ it is weighed in. */
export interface ScoredCell {
  value: number;
  expected: number;
  total: number;
  /** The unit's weight w (1 for a unit that represents only itself). */
  weight?: number;
}

/** The local score w · |y − ŷ| / |T̂| of one key indicator; 0 when the total is 0. */
export function localScore(cell: ScoredCell): number {
  const total = Math.abs(cell.total);
  return total > 0 ? ((cell.weight ?? 1) * Math.abs(cell.value - cell.expected)) / total : 0;
}

/** The global score of a filing: the sum of its key indicators' local scores. */
export function filingScore(cells: readonly ScoredCell[]): number {
  return cells.reduce((sum, cell) => sum + localScore(cell), 0);
}

/** A filing to rank: its global score and, per key indicator, its weighted possible error w · |y − ŷ|. */
export interface RankedFiling {
  id: string;
  score: number;
  possibleErrors: readonly number[];
}

/** The review order and how much of the total is still open after each step. */
export interface ReviewPlan {
  /** Filing ids in decreasing score (ties by id, so the order is stable). */
  order: string[];
  /**
   * remainingError[k], k = 0 … n: after reviewing the first k filings of the order, the largest possible error
   * left in the total, as a share of it — the largest over the key indicators of Σ w · |y − ŷ| / |T| over the
   * filings not reviewed.
   */
  remainingError: number[];
  /** The smallest k with remainingError[k] ≤ threshold: the filings after the k-th are accepted as they are. */
  stopAfter: number;
}

/**
 * Orders filings by score and finds where review can stop: `totals` are the totals of the key indicators of the
 * region whose error is bounded (in the order of `possibleErrors`), `threshold` the largest remaining error
 * accepted (SeleMix's t.sel, 0.01 by default there). Unlike `sel.edit`, which sums signed errors that may cancel,
 * the bound sums absolute errors: the largest error the accepted filings could make, not the expected one.
 */
export function planReview(
  filings: readonly RankedFiling[],
  totals: readonly number[],
  threshold: number,
): ReviewPlan {
  const ordered = [...filings].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const open = totals.map(() => 0);
  const remainingError = new Array<number>(ordered.length + 1);
  const shareOf = () =>
    Math.max(0, ...open.map((error, index) => (totals[index] ? error / Math.abs(totals[index]) : 0)));
  remainingError[ordered.length] = 0;
  // Summed from the end: after k reviews the open error is the sum over the filings k … n−1.
  for (let k = ordered.length - 1; k >= 0; k -= 1) {
    ordered[k]!.possibleErrors.forEach((error, index) => {
      open[index] = open[index]! + error;
    });
    remainingError[k] = shareOf();
  }
  const stopAfter = remainingError.findIndex((error) => error <= threshold);
  return { order: ordered.map((filing) => filing.id), remainingError, stopAfter };
}
