import { sortedQuantile } from './quantiles.ts';

// The sigma-gap method of Statistics Canada's Banff OUTLIER procedure, for classes without history: sort the
// values, and from a starting centile walk outward until two consecutive values lie further apart than β·σ; every
// value beyond that gap is an outlier. σ is robust (1.4826 × the median absolute deviation), so the outliers
// themselves do not widen the gap they are judged by.

export interface SigmaGapParameters {
  /** β: a gap wider than β·σ separates the outliers from the rest. */
  beta: number;
  /** Upward search starts at this centile, downward at 100 minus it (Banff's default 75). */
  startCentile: number;
}

export interface LevelValue {
  id: string;
  value: number;
}

export interface SigmaGapStatistics {
  count: number;
  median: number;
  /** 1.4826 × MAD, the normal-consistent robust standard deviation. */
  sigma: number;
  /** β·σ: the smallest gap that separates outliers. */
  gapLimit: number;
  /** The largest value kept below the upper gap and the smallest kept above the lower one (null: no gap). */
  upperGapFrom: number | null;
  lowerGapFrom: number | null;
}

export interface SigmaGapUnitResult extends LevelValue {
  outlierSide: 'low' | 'high' | null;
}

export interface SigmaGapOutcome {
  /** Null when the class is too small or its values have no spread (σ = 0): nothing is flagged. */
  statistics: SigmaGapStatistics | null;
  units: SigmaGapUnitResult[];
}

/** Banff OUTLIER's least by-group size for sigma-gap. */
export const SIGMA_GAP_MIN_UNITS = 5;
/** 1/Φ⁻¹(0.75): makes the MAD of a normal sample estimate its standard deviation. */
const MAD_TO_SIGMA = 1.4826;

/** Flags the values of one class lying beyond the first gap wider than β·σ, searched outward from the centiles. */
export function sigmaGap(values: readonly LevelValue[], parameters: SigmaGapParameters): SigmaGapOutcome {
  const { beta, startCentile } = parameters;
  if (!(beta > 0)) throw new Error(`sigma-gap β=${beta} is not positive`);
  if (!(startCentile >= 50 && startCentile < 100)) {
    throw new Error(`sigma-gap start centile ${startCentile} is outside [50, 100)`);
  }
  const finite = values.filter((value) => Number.isFinite(value.value));
  const unflagged = finite.map((value): SigmaGapUnitResult => ({ ...value, outlierSide: null }));
  if (finite.length < SIGMA_GAP_MIN_UNITS) return { statistics: null, units: unflagged };
  const sorted = Float64Array.from(finite, (value) => value.value).sort();
  const median = sortedQuantile(sorted, 0.5);
  const deviations = Float64Array.from(sorted, (value) => Math.abs(value - median)).sort();
  const sigma = MAD_TO_SIGMA * sortedQuantile(deviations, 0.5);
  if (sigma === 0) return { statistics: null, units: unflagged };
  const gapLimit = beta * sigma;

  const upperStart = sortedQuantile(sorted, startCentile / 100);
  let upperGapFrom: number | null = null;
  for (let index = sorted.findIndex((value) => value >= upperStart); index < sorted.length - 1; index++) {
    if ((sorted[index + 1] as number) - (sorted[index] as number) > gapLimit) {
      upperGapFrom = sorted[index] as number;
      break;
    }
  }
  const lowerStart = sortedQuantile(sorted, 1 - startCentile / 100);
  let lowerGapFrom: number | null = null;
  for (let index = sorted.findLastIndex((value) => value <= lowerStart); index > 0; index--) {
    if ((sorted[index] as number) - (sorted[index - 1] as number) > gapLimit) {
      lowerGapFrom = sorted[index] as number;
      break;
    }
  }
  const units = finite.map((value): SigmaGapUnitResult => ({
    ...value,
    outlierSide:
      upperGapFrom !== null && value.value > upperGapFrom
        ? 'high'
        : lowerGapFrom !== null && value.value < lowerGapFrom
          ? 'low'
          : null,
  }));
  return {
    statistics: { count: finite.length, median, sigma, gapLimit, upperGapFrom, lowerGapFrom },
    units,
  };
}
