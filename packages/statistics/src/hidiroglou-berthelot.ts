import { sortedQuantile } from './quantiles.ts';

// Hidiroglou & Berthelot (1986), "Statistical editing and imputation for periodic business surveys", Survey
// Methodology 12(1): a unit is an outlier when its change between two periods, centred on the class's median
// change and weighted by its size, lies far outside the class's quartiles. The definition is the one of Statistics
// Canada's Banff OUTLIER procedure and of R's validate::hb and univOutl::HBmethod.

/** U: weight of size (0 = every unit alike, 1 = proportional to size); A: minimum distance; C: width. */
export interface HbParameters {
  exponent: number;
  minimumDistance: number;
  width: number;
}

/** A unit's value in the current period and in the period it is compared with. */
export interface PairedValue {
  id: string;
  current: number;
  previous: number;
}

/** The numbers behind a class's flags. */
export interface HbClassStatistics {
  /** Units tested (both values > 0). */
  count: number;
  medianRatio: number;
  effectQ1: number;
  effectMedian: number;
  effectQ3: number;
  /** E_med − C·d_Q1 and E_med + C·d_Q3. */
  lowerBound: number;
  upperBound: number;
}

export interface HbUnitResult extends PairedValue {
  ratio: number;
  /** s_i: 1 − r_med/r_i below the median ratio, r_i/r_med − 1 above. */
  centredRatio: number;
  /** E_i = s_i · max(x_t, x_{t−1})^U. */
  effect: number;
  /** 'low' below the lower bound, 'high' above the upper, null inside. */
  outlierSide: 'low' | 'high' | null;
}

export interface HbOutcome {
  /** Null when fewer than the minimum number of units could be tested: no unit is then flagged. */
  statistics: HbClassStatistics | null;
  /** The tested units, in the order given. */
  units: HbUnitResult[];
  /** Units not tested because a value is zero, negative or not finite (the ratio means nothing). */
  excludedIds: string[];
}

/** Banff OUTLIER's least by-group size for HB: with fewer units the quartiles say nothing. */
export const HB_MIN_UNITS = 3;

function isTestable(value: PairedValue): boolean {
  return (
    Number.isFinite(value.current) &&
    Number.isFinite(value.previous) &&
    value.current > 0 &&
    value.previous > 0
  );
}

/** Checks the parameters' ranges once, so that a bad edition fails loudly rather than flagging nonsense. */
function checkParameters(parameters: HbParameters): void {
  const { exponent, minimumDistance, width } = parameters;
  if (!(exponent >= 0 && exponent <= 1)) throw new Error(`HB exponent U=${exponent} is outside [0, 1]`);
  if (!(minimumDistance >= 0)) throw new Error(`HB minimum distance A=${minimumDistance} is negative`);
  if (!(width > 0)) throw new Error(`HB width C=${width} is not positive`);
}

/** The test of one class over parallel arrays: what `hidiroglouBerthelot` answers, without an object per unit. */
export interface HbColumns {
  /** Null when fewer than the minimum number of units could be tested: no unit is then flagged. */
  statistics: HbClassStatistics | null;
  /** Positions (in the arrays given) of the tested units, in order; the arrays below are parallel to it. */
  tested: Int32Array;
  ratios: Float64Array;
  centredRatios: Float64Array;
  effects: Float64Array;
}

/**
 * The Hidiroglou–Berthelot test of one class over parallel arrays of current and previous values (a national
 * class holds tens of thousands of units): the units with both values positive and finite are tested, the others
 * left out. A unit is an outlier when its effect lies below `statistics.lowerBound` or above `upperBound`.
 */
export function hidiroglouBerthelotColumns(
  current: ArrayLike<number>,
  previous: ArrayLike<number>,
  parameters: HbParameters,
): HbColumns {
  checkParameters(parameters);
  const length = Math.min(current.length, previous.length);
  const positions = new Int32Array(length);
  let count = 0;
  for (let index = 0; index < length; index++) {
    const now = current[index] as number;
    const before = previous[index] as number;
    if (Number.isFinite(now) && Number.isFinite(before) && now > 0 && before > 0) positions[count++] = index;
  }
  const tested = positions.slice(0, count);
  const ratios = new Float64Array(count);
  const centredRatios = new Float64Array(count);
  const effects = new Float64Array(count);
  if (count < HB_MIN_UNITS) return { statistics: null, tested, ratios, centredRatios, effects };
  for (let index = 0; index < count; index++) {
    const position = tested[index] as number;
    ratios[index] = (current[position] as number) / (previous[position] as number);
  }
  const medianRatio = sortedQuantile(Float64Array.from(ratios).sort(), 0.5);
  for (let index = 0; index < count; index++) {
    const position = tested[index] as number;
    const ratio = ratios[index] as number;
    const centredRatio = ratio < medianRatio ? 1 - medianRatio / ratio : ratio / medianRatio - 1;
    centredRatios[index] = centredRatio;
    effects[index] =
      centredRatio *
      Math.max(current[position] as number, previous[position] as number) ** parameters.exponent;
  }
  const sortedEffects = Float64Array.from(effects).sort();
  const effectQ1 = sortedQuantile(sortedEffects, 0.25);
  const effectMedian = sortedQuantile(sortedEffects, 0.5);
  const effectQ3 = sortedQuantile(sortedEffects, 0.75);
  const floor = Math.abs(parameters.minimumDistance * effectMedian);
  const lowerBound = effectMedian - parameters.width * Math.max(effectMedian - effectQ1, floor);
  const upperBound = effectMedian + parameters.width * Math.max(effectQ3 - effectMedian, floor);
  return {
    statistics: { count, medianRatio, effectQ1, effectMedian, effectQ3, lowerBound, upperBound },
    tested,
    ratios,
    centredRatios,
    effects,
  };
}

/** Which side of the class's bounds an effect lies on, null inside. */
export function hbSide(effect: number, statistics: HbClassStatistics): 'low' | 'high' | null {
  return effect < statistics.lowerBound ? 'low' : effect > statistics.upperBound ? 'high' : null;
}

/**
 * The Hidiroglou–Berthelot test of one class: effects E_i, the quartile bounds E_med − C·d_Q1 and E_med + C·d_Q3
 * with d_Q1 = max(E_med − E_Q1, |A·E_med|) and d_Q3 = max(E_Q3 − E_med, |A·E_med|), and which units lie outside.
 */
export function hidiroglouBerthelot(values: readonly PairedValue[], parameters: HbParameters): HbOutcome {
  const columns = hidiroglouBerthelotColumns(
    Float64Array.from(values, (value) => value.current),
    Float64Array.from(values, (value) => value.previous),
    parameters,
  );
  const excludedIds = values.filter((value) => !isTestable(value)).map((value) => value.id);
  const { statistics } = columns;
  if (!statistics) return { statistics: null, units: [], excludedIds };
  const units = Array.from(columns.tested, (position, index): HbUnitResult => {
    const value = values[position] as PairedValue;
    const effect = columns.effects[index] as number;
    return {
      id: value.id,
      current: value.current,
      previous: value.previous,
      ratio: columns.ratios[index] as number,
      centredRatio: columns.centredRatios[index] as number,
      effect,
      outlierSide: hbSide(effect, statistics),
    };
  });
  return { statistics, units, excludedIds };
}
