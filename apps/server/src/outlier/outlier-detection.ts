import type { OutlierComparison, OutlierFlag } from '@zhibao/contracts';
import {
  assignEstimationClasses,
  distinctClasses,
  hbSide,
  hidiroglouBerthelotColumns,
  monthIncrement,
  shiftMonth,
  sigmaGap,
  type EstimationClass,
} from '@zhibao/statistics';
import type { EditingMethods, PeriodType } from '@zhibao/survey';

/*
 * One outlier run over the population of a period: every filer is put in its class (industry × province, pooled
 * upward when small), and each key indicator is tested within each class — by Hidiroglou–Berthelot against the
 * enterprise's own history, or by sigma-gap on the levels where the class has no history. Pure over what the
 * repository read; the service adds names and keeps each administrator to their region.
 */

/** A filer of the period with its key indicators' values (`form.key` → value) in each period read. */
export interface UnitHistory {
  enterpriseId: string;
  filingId: string;
  regionCode: string;
  industryCode: string;
  valuesByPeriod: ReadonlyMap<string, Readonly<Record<string, number | null>>>;
}

export type DetectedOutlier = Omit<
  OutlierFlag,
  'enterpriseName' | 'label' | 'name' | 'unit' | 'formId' | 'key'
> & {
  cellId: string;
};

interface Comparison {
  comparison: Exclude<OutlierComparison, 'class-levels'>;
  basePeriod: string;
}

function comparisonsOf(periodType: PeriodType, period: string): Comparison[] {
  if (periodType === 'year') return [{ comparison: 'previous-year', basePeriod: String(Number(period) - 1) }];
  return [
    { comparison: 'same-month-last-year', basePeriod: shiftMonth(period, -12) },
    { comparison: 'previous-month', basePeriod: shiftMonth(period, -1) },
  ];
}

/** The periods whose values a run needs: for monthly year-to-date values, also the months before each compared one. */
export function periodsRead(periodType: PeriodType, period: string): string[] {
  const compared = [period, ...comparisonsOf(periodType, period).map((found) => found.basePeriod)];
  if (periodType === 'year') return compared;
  return [...new Set(compared.flatMap((month) => [month, shiftMonth(month, -1)]))];
}

/**
 * What the test compares, for every unit (by its position): a month's own increment of a year-to-date value, or the
 * annual value itself; NaN where unknown. One pass per period over the units (the month before is worked out once,
 * not per unit).
 */
function comparedValues(
  units: readonly UnitHistory[],
  periodType: PeriodType,
  period: string,
  cellId: string,
): Float64Array {
  const monthBefore = periodType === 'month' ? shiftMonth(period, -1) : null;
  const compared = new Float64Array(units.length);
  for (let index = 0; index < units.length; index++) {
    const unit = units[index] as UnitHistory;
    const value = unit.valuesByPeriod.get(period)?.[cellId] ?? null;
    const before = monthBefore === null ? null : (unit.valuesByPeriod.get(monthBefore)?.[cellId] ?? null);
    const found = monthBefore === null ? value : monthIncrement(period, value, before);
    compared[index] = found === null ? NaN : found;
  }
  return compared;
}

export function detectOutliers(input: {
  periodType: PeriodType;
  period: string;
  methods: EditingMethods;
  units: readonly UnitHistory[];
}): DetectedOutlier[] {
  const { periodType, period, methods, units } = input;
  const byId = new Map(units.map((unit) => [unit.enterpriseId, unit]));
  const assignment = assignEstimationClasses(
    units.map((unit) => ({
      id: unit.enterpriseId,
      industryCode: unit.industryCode,
      regionCode: unit.regionCode,
    })),
    { minUnits: methods.minClassSize },
  );
  const classes = distinctClasses(assignment);
  const comparisons = comparisonsOf(periodType, period);
  const flags: DetectedOutlier[] = [];
  const flag = (
    unit: UnitHistory,
    found: EstimationClass,
    cellId: string,
    comparison: OutlierComparison,
    side: 'low' | 'high',
    numbers: OutlierFlag['numbers'],
  ) =>
    flags.push({
      filingId: unit.filingId,
      enterpriseId: unit.enterpriseId,
      regionCode: unit.regionCode,
      cellId,
      comparison,
      side,
      classKey: found.key,
      classSize: found.memberIds.length,
      numbers,
    });

  // Each class's members by position, and whether each was assigned there (classes overlap as they pool upward).
  const positionOf = new Map(units.map((unit, index) => [unit.enterpriseId, index]));
  const membersOf = classes.map((found) =>
    Int32Array.from(found.memberIds, (id) => positionOf.get(id) as number),
  );
  const classIndexOf = new Map(classes.map((found, index) => [found, index]));
  const assignedClass = Int32Array.from(
    units,
    (unit) => classIndexOf.get(assignment.get(unit.enterpriseId) as EstimationClass) as number,
  );
  const largest = Math.max(0, ...membersOf.map((members) => members.length));
  const currentPairs = new Float64Array(largest);
  const previousPairs = new Float64Array(largest);
  const pairPositions = new Int32Array(largest);

  for (const { formId, key } of methods.keyIndicators) {
    const cellId = `${formId}.${key}`;
    // Each unit's compared value of each period, once.
    const currentValues = comparedValues(units, periodType, period, cellId);
    const baseValues = new Map(
      comparisons.map(({ basePeriod }) => [
        basePeriod,
        comparedValues(units, periodType, basePeriod, cellId),
      ]),
    );
    for (const [classIndex, found] of classes.entries()) {
      const members = membersOf[classIndex] as Int32Array;
      let hasHistory = false;
      for (const { comparison, basePeriod } of comparisons) {
        const previousValues = baseValues.get(basePeriod) as Float64Array;
        let count = 0;
        for (const position of members) {
          const current = currentValues[position] as number;
          const previous = previousValues[position] as number;
          if (Number.isNaN(current) || Number.isNaN(previous)) continue;
          currentPairs[count] = current;
          previousPairs[count] = previous;
          pairPositions[count++] = position;
        }
        const outcome = hidiroglouBerthelotColumns(
          currentPairs.subarray(0, count),
          previousPairs.subarray(0, count),
          methods.hb,
        );
        if (!outcome.statistics) continue;
        hasHistory = true;
        const { count: _, ...statistics } = outcome.statistics;
        for (const [index, pair] of outcome.tested.entries()) {
          const position = pairPositions[pair] as number;
          const effect = outcome.effects[index] as number;
          const side = hbSide(effect, outcome.statistics);
          if (!side || assignedClass[position] !== classIndex) continue;
          flag(units[position] as UnitHistory, found, cellId, comparison, side, {
            method: 'hb',
            current: currentPairs[pair] as number,
            previous: previousPairs[pair] as number,
            ratio: outcome.ratios[index] as number,
            centredRatio: outcome.centredRatios[index] as number,
            effect,
            ...statistics,
            ...methods.hb,
          });
        }
      }
      if (hasHistory) continue;
      const isAssignedHere = (unit: UnitHistory) => assignment.get(unit.enterpriseId) === found;
      const levels = Array.from(members, (position) => units[position] as UnitHistory).flatMap((unit) => {
        const value = unit.valuesByPeriod.get(period)?.[cellId];
        return typeof value === 'number' ? [{ id: unit.enterpriseId, value }] : [];
      });
      const outcome = sigmaGap(levels, methods.sigmaGap);
      if (!outcome.statistics) continue;
      for (const result of outcome.units) {
        const unit = byId.get(result.id) as UnitHistory;
        if (!result.outlierSide || !isAssignedHere(unit)) continue;
        const { count: _, ...statistics } = outcome.statistics;
        flag(unit, found, cellId, 'class-levels', result.outlierSide, {
          method: 'sigma-gap',
          current: result.value,
          ...statistics,
          ...methods.sigmaGap,
        });
      }
    }
  }
  return flags;
}
