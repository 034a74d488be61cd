// Estimates for the enterprises that have not filed (GSBPM 5.4/5.7), by ratio of means within an imputation class
// of matched respondents (ONS Monthly Business Survey 2017; Banff ESTIMATOR's ratio and trend algorithms). An
// estimate never replaces a report: it is a separate figure, labelled with its method, class and donors.

/**
 * How an estimate was made, in order of preference:
 * - `same-month-growth`: the unit's increment of the same month last year × its class's growth of that month's
 *   increment (matched respondents), added to its year-to-date value of the previous month;
 * - `last-increment`: the unit's increment of the previous month × its class's growth from the previous month's
 *   increment to this month's, added to its previous year-to-date value;
 * - `year-on-year`: the unit's year-to-date value of the same month last year × its class's year-on-year growth of
 *   year-to-date values (when its previous month is unknown);
 * - `class-median`: without usable history, the median of the class's respondents (of this month's increment added
 *   to the unit's previous year-to-date value when that is known, else of the year-to-date values);
 * - `carried-forward`: an annual value of last year × its class's growth (annual reports).
 */
export type EstimationMethod =
  'same-month-growth' | 'last-increment' | 'year-on-year' | 'class-median' | 'carried-forward';

/**
 * One unit's year-to-date values of one cell around the month being estimated. January's previous month and
 * last January's previous month are 0 (a year starts its sums afresh); so is the month before the previous one in
 * February. null: not reported.
 */
export interface YearToDateHistory {
  unitId: string;
  /** The imputation class (formed beforehand, e.g. industry × province pooled upward). */
  classKey: string;
  current: number | null;
  previous: number | null;
  beforePrevious: number | null;
  lastYear: number | null;
  lastYearPrevious: number | null;
  /** False for a respondent that must not serve as a donor (e.g. a flagged outlier); default true. */
  isDonor?: boolean;
}

/** An estimated value with what it was made from. */
export interface Estimate {
  unitId: string;
  classKey: string;
  value: number;
  method: EstimationMethod;
  /** The ratio applied (null for a median). */
  growth: number | null;
  /** How many respondents of the class the ratio or median was computed over. */
  donorCount: number;
}

/** The median of a list of numbers (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  return sortedMedian([...values].sort((a, b) => a - b));
}

/**
 * Ratio of means Σ now / Σ before over pairs where both are known; null when the denominator is not positive
 * (no matched respondents, or a class whose previous figures sum to 0 or less).
 */
export function ratioOfMeans(pairs: ReadonlyArray<{ now: number; before: number }>): number | null {
  let now = 0;
  let before = 0;
  for (const pair of pairs) {
    now += pair.now;
    before += pair.before;
  }
  return pairs.length > 0 && before > 0 ? now / before : null;
}

const difference = (later: number | null, earlier: number | null) =>
  later === null || earlier === null ? null : later - earlier;

/** Σ now, Σ before and the number of pairs of one ratio of means. */
interface RatioSums {
  now: number;
  before: number;
  count: number;
}

/** What a respondent gives its class: its pairs for each ratio and its values for the medians. */
interface Contribution {
  sameMonth: { now: number; before: number } | null;
  lastIncrement: { now: number; before: number } | null;
  yearOnYear: { now: number; before: number } | null;
  increment: number | null;
  level: number;
}

/** A class's sums and sorted values, computed once, so each estimate costs O(1) (a median O(n) when excluding). */
interface ClassFigures {
  sameMonth: RatioSums;
  lastIncrement: RatioSums;
  yearOnYear: RatioSums;
  increments: number[];
  levels: number[];
}

function contributionOf(unit: YearToDateHistory): Contribution | null {
  if (unit.current === null || unit.isDonor === false) return null;
  const increment = difference(unit.current, unit.previous);
  const sameMonthLastYear = difference(unit.lastYear, unit.lastYearPrevious);
  const lastIncrement = difference(unit.previous, unit.beforePrevious);
  return {
    sameMonth:
      increment !== null && sameMonthLastYear !== null ? { now: increment, before: sameMonthLastYear } : null,
    lastIncrement:
      increment !== null && lastIncrement !== null ? { now: increment, before: lastIncrement } : null,
    yearOnYear: unit.lastYear !== null ? { now: unit.current, before: unit.lastYear } : null,
    increment,
    level: unit.current,
  };
}

const add = (sums: RatioSums, pair: { now: number; before: number } | null) => {
  if (!pair) return;
  sums.now += pair.now;
  sums.before += pair.before;
  sums.count += 1;
};

function classFiguresOf(units: readonly YearToDateHistory[]): Map<string, ClassFigures> {
  const classes = new Map<string, ClassFigures>();
  for (const unit of units) {
    const contribution = contributionOf(unit);
    if (!contribution) continue;
    let figures = classes.get(unit.classKey);
    if (!figures) {
      const sums = () => ({ now: 0, before: 0, count: 0 });
      figures = { sameMonth: sums(), lastIncrement: sums(), yearOnYear: sums(), increments: [], levels: [] };
      classes.set(unit.classKey, figures);
    }
    add(figures.sameMonth, contribution.sameMonth);
    add(figures.lastIncrement, contribution.lastIncrement);
    add(figures.yearOnYear, contribution.yearOnYear);
    if (contribution.increment !== null) figures.increments.push(contribution.increment);
    figures.levels.push(contribution.level);
  }
  for (const figures of classes.values()) {
    figures.increments.sort((a, b) => a - b);
    figures.levels.sort((a, b) => a - b);
  }
  return classes;
}

const emptySums = { now: 0, before: 0, count: 0 };
const empty: ClassFigures = {
  sameMonth: emptySums,
  lastIncrement: emptySums,
  yearOnYear: emptySums,
  increments: [],
  levels: [],
};

/** The ratio of means of a class's sums, the excluded unit's pair taken out; null as for `ratioOfMeans`. */
function ratioWithout(sums: RatioSums, own: { now: number; before: number } | null) {
  const count = sums.count - (own ? 1 : 0);
  const before = sums.before - (own?.before ?? 0);
  return count > 0 && before > 0 ? { growth: (sums.now - (own?.now ?? 0)) / before, count } : null;
}

/** The values of a sorted list without one occurrence of `own`. */
function without(sorted: number[], own: number | null): number[] {
  if (own === null) return sorted;
  const index = sorted.indexOf(own);
  return index < 0 ? sorted : [...sorted.slice(0, index), ...sorted.slice(index + 1)];
}

function predict(unit: YearToDateHistory, figures: ClassFigures, own: Contribution | null): Estimate | null {
  const base = { unitId: unit.unitId, classKey: unit.classKey };
  const sameMonthLastYear = difference(unit.lastYear, unit.lastYearPrevious);
  const lastIncrement = difference(unit.previous, unit.beforePrevious);
  if (unit.previous !== null && sameMonthLastYear !== null) {
    const ratio = ratioWithout(figures.sameMonth, own?.sameMonth ?? null);
    if (ratio) {
      const value = unit.previous + sameMonthLastYear * ratio.growth;
      return { ...base, value, method: 'same-month-growth', growth: ratio.growth, donorCount: ratio.count };
    }
  }
  if (unit.previous !== null && lastIncrement !== null) {
    const ratio = ratioWithout(figures.lastIncrement, own?.lastIncrement ?? null);
    if (ratio) {
      const value = unit.previous + lastIncrement * ratio.growth;
      return { ...base, value, method: 'last-increment', growth: ratio.growth, donorCount: ratio.count };
    }
  }
  if (unit.previous === null && unit.lastYear !== null) {
    const ratio = ratioWithout(figures.yearOnYear, own?.yearOnYear ?? null);
    if (ratio) {
      const value = unit.lastYear * ratio.growth;
      return { ...base, value, method: 'year-on-year', growth: ratio.growth, donorCount: ratio.count };
    }
  }
  const donors =
    unit.previous !== null
      ? without(figures.increments, own?.increment ?? null)
      : without(figures.levels, own?.level ?? null);
  const middle = sortedMedian(donors);
  if (middle === null) return null;
  const value = (unit.previous ?? 0) + middle;
  return { ...base, value, method: 'class-median', growth: null, donorCount: donors.length };
}

function sortedMedian(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The year-to-date value of every non-respondent (current null) of one cell, estimated from the respondents of its
 * class; a unit whose class has no respondent gets none.
 */
export function estimateNonRespondents(units: readonly YearToDateHistory[]): Map<string, Estimate> {
  const classes = classFiguresOf(units);
  const estimates = new Map<string, Estimate>();
  for (const unit of units) {
    if (unit.current !== null) continue;
    const estimate = predict(unit, classes.get(unit.classKey) ?? empty, null);
    if (estimate) estimates.set(unit.unitId, estimate);
  }
  return estimates;
}

/**
 * What each respondent's history predicts for its reported value (the expected value ŷ of selective editing):
 * the same estimator as for a non-respondent, with the unit itself left out of its class's donors so that its own
 * error does not move the growth it is compared with.
 */
export function predictRespondents(units: readonly YearToDateHistory[]): Map<string, Estimate> {
  const classes = classFiguresOf(units);
  const predictions = new Map<string, Estimate>();
  for (const unit of units) {
    if (unit.current === null) continue;
    const asMissing = { ...unit, current: null };
    const prediction = predict(asMissing, classes.get(unit.classKey) ?? empty, contributionOf(unit));
    if (prediction) predictions.set(unit.unitId, prediction);
  }
  return predictions;
}

/**
 * Annual reports: last year's value carried forward with the growth of its class (the ratio of means of the
 * class's year-to-date monthly figures, this year's December against last year's).
 */
export function carryForward(input: {
  unitId: string;
  classKey: string;
  lastYear: number;
  classGrowth: { growth: number; donorCount: number } | null;
}): Estimate {
  const growth = input.classGrowth?.growth ?? 1;
  return {
    unitId: input.unitId,
    classKey: input.classKey,
    value: input.lastYear * growth,
    method: 'carried-forward',
    growth,
    donorCount: input.classGrowth?.donorCount ?? 0,
  };
}
