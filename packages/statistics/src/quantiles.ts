// Sample quantiles by linear interpolation between order statistics (Hyndman & Fan type 7): the default of R's
// quantile(), hence of validate::hb and univOutl::HBmethod, and the same as SQL percentile_cont.

/** The p-quantile (0 ≤ p ≤ 1) of values already sorted in ascending order. */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const count = sorted.length;
  if (count === 0) throw new Error('the quantile of no values is not defined');
  if (!(p >= 0 && p <= 1)) throw new Error(`the quantile order ${p} is outside [0, 1]`);
  const position = (count - 1) * p;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  if (below === count - 1) return low;
  return low + (position - below) * ((sorted[below + 1] as number) - low);
}

/** The values sorted in ascending order, as a new typed array. */
export function sortAscending(values: Iterable<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** The median (type 7) of values in any order. */
export function median(values: Iterable<number>): number {
  return sortedQuantile(sortAscending(values), 0.5);
}
