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

/**
 * The filers of the period in columns (a unit is a position in every array), with their key indicators' values in
 * each period read: per period, one array per key indicator (in the methods' order), NaN where blank or not filed.
 * Columns rather than an object per filer: a national run holds tens of thousands of filers and five months.
 */
export interface UnitColumns {
  enterpriseIds: readonly string[];
  filingIds: readonly string[];
  regionCodes: readonly string[];
  industryCodes: readonly string[];
  valuesByPeriod: ReadonlyMap<string, readonly Float64Array[]>;
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
 * What the test compares, for every unit: a month's own increment of a year-to-date value, or the annual value
 * itself; NaN where unknown.
 */
function comparedValues(
  units: UnitColumns,
  periodType: PeriodType,
  period: string,
  indicator: number,
): Float64Array {
  const count = units.enterpriseIds.length;
  const values = units.valuesByPeriod.get(period)?.[indicator];
  if (!values) return new Float64Array(count).fill(NaN);
  if (periodType !== 'month') return values;
  const compared = new Float64Array(count);
  const before = units.valuesByPeriod.get(shiftMonth(period, -1))?.[indicator];
  const orNull = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? null : value);
  for (let position = 0; position < count; position++) {
    const found = monthIncrement(period, orNull(values[position]), orNull(before?.[position]));
    compared[position] = found === null ? NaN : found;
  }
  return compared;
}

export function detectOutliers(input: {
  periodType: PeriodType;
  period: string;
  methods: EditingMethods;
  units: UnitColumns;
}): DetectedOutlier[] {
  const { periodType, period, methods, units } = input;
  const { enterpriseIds } = units;
  const assignment = assignEstimationClasses(
    enterpriseIds.map((id, position) => ({
      id,
      industryCode: units.industryCodes[position] as string,
      regionCode: units.regionCodes[position] as string,
    })),
    { minUnits: methods.minClassSize },
  );
  const classes = distinctClasses(assignment);
  const comparisons = comparisonsOf(periodType, period);
  const flags: DetectedOutlier[] = [];
  const flag = (
    position: number,
    found: EstimationClass,
    cellId: string,
    comparison: OutlierComparison,
    side: 'low' | 'high',
    numbers: OutlierFlag['numbers'],
  ) =>
    flags.push({
      filingId: units.filingIds[position] as string,
      enterpriseId: enterpriseIds[position] as string,
      regionCode: units.regionCodes[position] as string,
      cellId,
      comparison,
      side,
      classKey: found.key,
      classSize: found.memberIds.length,
      numbers,
    });

  // Each class's members by position, and whether each was assigned there (classes overlap as they pool upward).
  const positionOf = new Map(enterpriseIds.map((id, position) => [id, position]));
  const membersOf = classes.map((found) =>
    Int32Array.from(found.memberIds, (id) => positionOf.get(id) as number),
  );
  const classIndexOf = new Map(classes.map((found, index) => [found, index]));
  const assignedClass = Int32Array.from(
    enterpriseIds,
    (id) => classIndexOf.get(assignment.get(id) as EstimationClass) as number,
  );
  const largest = Math.max(0, ...membersOf.map((members) => members.length));
  const currentPairs = new Float64Array(largest);
  const previousPairs = new Float64Array(largest);
  const pairPositions = new Int32Array(largest);

  for (const [indicator, { formId, key }] of methods.keyIndicators.entries()) {
    const cellId = `${formId}.${key}`;
    // Each unit's compared value of each period, once.
    const currentValues = comparedValues(units, periodType, period, indicator);
    const baseValues = new Map(
      comparisons.map(({ basePeriod }) => [
        basePeriod,
        comparedValues(units, periodType, basePeriod, indicator),
      ]),
    );
    const levels = units.valuesByPeriod.get(period)?.[indicator];
    for (const [classIndex, found] of classes.entries()) {
      const members = membersOf[classIndex] as Int32Array;
      let hasHistory = false;
      for (const { comparison, basePeriod } of comparisons) {
        const previousValues = baseValues.get(basePeriod) as Float64Array;
        let count = 0;
        for (let member = 0; member < members.length; member++) {
          const position = members[member] as number;
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
        for (let index = 0; index < outcome.tested.length; index++) {
          const pair = outcome.tested[index] as number;
          const position = pairPositions[pair] as number;
          const effect = outcome.effects[index] as number;
          const side = hbSide(effect, outcome.statistics);
          if (!side || assignedClass[position] !== classIndex) continue;
          flag(position, found, cellId, comparison, side, {
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
      const memberLevels = Array.from(members).flatMap((position) => {
        const value = levels?.[position] ?? NaN;
        return Number.isNaN(value) ? [] : [{ id: enterpriseIds[position] as string, value }];
      });
      const outcome = sigmaGap(memberLevels, methods.sigmaGap);
      if (!outcome.statistics) continue;
      for (const result of outcome.units) {
        const position = positionOf.get(result.id) as number;
        if (!result.outlierSide || assignedClass[position] !== classIndex) continue;
        const { count: _, ...statistics } = outcome.statistics;
        flag(position, found, cellId, 'class-levels', result.outlierSide, {
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
