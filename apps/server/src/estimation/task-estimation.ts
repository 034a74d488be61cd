import { setImmediate } from 'node:timers/promises';
import {
  assignEstimationClasses,
  carryForward,
  estimateNonRespondents,
  predictRespondents,
  ratioOfMeans,
  type Estimate,
  type YearToDateHistory,
} from '@zhibao/statistics';
import { editingMethods, getEdition } from '@zhibao/survey';
import type { AdminLevel, CellValues } from '../db/schema.ts';
import type { Database } from '../db/database.ts';
import { deriveValues, numericValue } from '../review/review-cells.ts';
import { currentTaskOutliers } from '../outlier/outlier-run.ts';
import { previousPeriodOf, samePeriodLastYearOf } from '../task/period.ts';
import type { TaskWithOwnerRow } from '../task/task.repository.ts';
import { listEstimationUnits, type EstimationUnitRow, type HistoryTasks } from './estimation.repository.ts';

/*
 * The estimation layer of a monthly task: who has not filed, and what their class's respondents say they would
 * have reported (ratio of means on year-to-date increments, @zhibao/statistics). Computed on read from the filings,
 * never stored in them: an estimate vanishes the moment the enterprise's filing counts.
 */

/** Which filings count as reported this period: the 汇总's rule (passed this level's review, or submitted too). */
export interface CountingRule {
  level: AdminLevel;
  includeSubmitted: boolean;
}

/** One enterprise of the estimation with its class and its values of each period (null: not counted there). */
export interface EstimationUnit {
  row: EstimationUnitRow;
  classKey: string;
  isRespondent: boolean;
  /** Flagged by the period's outlier run: not a donor of its class (Banff ESTIMATOR). */
  isOutlier: boolean;
}

/** What history and the class give for one cell of one enterprise. */
export type CellEstimate = Estimate;

/** A non-respondent's estimated filing: its typed cells estimated one by one, with how each was made. */
export interface EstimatedFiling {
  unit: EstimationUnitRow;
  classKey: string;
  /** Estimated typed cells, {form: {cell: value}}, rounded as the cell is reported (cents, whole persons). */
  values: CellValues;
  /** How each estimated cell (`form.key`) was made. */
  cells: Record<string, CellEstimate>;
}

/** The same survey's tasks of the previous months and of last year (same owner and period type). */
export function historyTasksOf(task: TaskWithOwnerRow, tasks: readonly TaskWithOwnerRow[]): HistoryTasks {
  const find = (period: string | null) =>
    period === null
      ? null
      : (tasks.find(
          (other) =>
            other.period_type === task.period_type &&
            other.owner_region_code === task.owner_region_code &&
            other.period === period,
        )?.id ?? null);
  const previous = previousPeriodOf(task.period_type, task.period);
  const lastYear = samePeriodLastYearOf(task.period);
  return {
    previous: find(previous),
    beforePrevious: find(previous && previousPeriodOf(task.period_type, previous)),
    lastYear: find(lastYear),
    lastYearPrevious: find(previousPeriodOf(task.period_type, lastYear)),
  };
}

/**
 * Reads the units of a task and forms their classes (industry × province, pooled upward when small). With
 * `excludeOutliers`, the respondents the period's outlier run flagged (any key indicator, any comparison) are
 * marked, so they lend neither ratios nor medians to the non-respondents of their class.
 */
export async function loadEstimationUnits(
  db: Database,
  task: TaskWithOwnerRow,
  tasks: readonly TaskWithOwnerRow[],
  counting: CountingRule,
  options: { excludeOutliers: boolean } = { excludeOutliers: false },
): Promise<EstimationUnit[]> {
  const [rows, outliers] = await Promise.all([
    listEstimationUnits(db, {
      taskId: task.id,
      history: historyTasksOf(task, tasks),
      level: counting.level,
      includeSubmitted: counting.includeSubmitted,
    }),
    options.excludeOutliers ? currentTaskOutliers(db, task) : Promise.resolve([]),
  ]);
  const outlierIds = new Set(outliers.map((flag) => flag.enterpriseId));
  const { minClassSize } = editingMethods(getEdition(task.edition_id), task.period_type);
  const classes = assignEstimationClasses(
    rows.map((row) => ({
      id: row.enterprise_id,
      industryCode: row.industry_code,
      regionCode: row.region_code,
    })),
    { minUnits: minClassSize },
  );
  return rows.map((row) => ({
    row,
    classKey: classes.get(row.enterprise_id)!.key,
    isRespondent: row.current !== null,
    isOutlier: outlierIds.has(row.enterprise_id),
  }));
}

/**
 * The year-to-date history of one cell for every unit, with the start of the year counted as 0 (January's previous
 * month, February's month before that); an annual report has only last year's value (its class's year-on-year
 * growth predicts it). A blank cell of a counted filing is 0, as in 汇总; only a period without a counted filing is
 * unknown. `valuesOf` gives a period's values (typed, or derived for a computed cell).
 */
export function yearToDateHistories(
  units: readonly EstimationUnit[],
  task: Pick<TaskWithOwnerRow, 'period_type' | 'period'>,
  cell: { formId: string; key: string },
  valuesOf: (values: CellValues) => CellValues = (values) => values,
): YearToDateHistory[] {
  const read = (values: CellValues | null) =>
    values === null ? null : (numericValue(valuesOf(values), cell.formId, cell.key) ?? 0);
  if (task.period_type === 'year') {
    return units.map((unit) => ({
      unitId: unit.row.enterprise_id,
      classKey: unit.classKey,
      current: read(unit.row.current),
      previous: null,
      beforePrevious: null,
      lastYear: read(unit.row.last_year),
      lastYearPrevious: null,
      isDonor: !unit.isOutlier,
    }));
  }
  const month = Number(task.period.slice(5, 7));
  return units.map((unit) => ({
    unitId: unit.row.enterprise_id,
    classKey: unit.classKey,
    current: read(unit.row.current),
    previous: month === 1 ? 0 : read(unit.row.previous),
    beforePrevious: month === 1 ? null : month === 2 ? 0 : read(unit.row.before_previous),
    lastYear: read(unit.row.last_year),
    lastYearPrevious: month === 1 ? 0 : read(unit.row.last_year_previous),
    isDonor: !unit.isOutlier,
  }));
}

const roundAs = (type: string, value: number) =>
  type === 'count' ? Math.round(value) : Math.round(value * 100) / 100;

/**
 * Estimates every summable typed cell of every non-respondent of a monthly task, cell by cell: the computed cells
 * (合计) of an estimated filing then follow from its estimated parts, as a reported one's do. At national scale a
 * cell takes a tenth of a second or more and the estimation runs beside the requests the server answers (it is
 * recomputed in the background, kept-estimates.ts), so it gives them their turn after each cell.
 */
export async function estimateTask(
  task: TaskWithOwnerRow,
  units: readonly EstimationUnit[],
  cells: ReadonlyArray<{ formId: string; key: string; type: string }>,
): Promise<EstimatedFiling[]> {
  const byUnit = new Map<string, EstimatedFiling>();
  for (const unit of units) {
    if (unit.isRespondent) continue;
    byUnit.set(unit.row.enterprise_id, { unit: unit.row, classKey: unit.classKey, values: {}, cells: {} });
  }
  if (byUnit.size === 0) return [];
  for (const cell of cells) {
    await setImmediate();
    const id = `${cell.formId}.${cell.key}`;
    for (const estimate of estimateNonRespondents(yearToDateHistories(units, task, cell)).values()) {
      const filing = byUnit.get(estimate.unitId)!;
      (filing.values[cell.formId] ??= {})[cell.key] = roundAs(cell.type, estimate.value);
      filing.cells[id] = estimate;
    }
  }
  return [...byUnit.values()].filter((filing) => Object.keys(filing.cells).length > 0);
}

/** What history predicts for each respondent's value of the given cells (selective editing's ŷ), by unit id. */
export function predictTask(
  task: TaskWithOwnerRow,
  units: readonly EstimationUnit[],
  cells: ReadonlyArray<{ formId: string; key: string }>,
  valuesOf: (values: CellValues) => CellValues,
): Map<string, Map<string, Estimate>> {
  const predictions = new Map<string, Map<string, Estimate>>();
  for (const cell of cells) {
    const id = `${cell.formId}.${cell.key}`;
    for (const prediction of predictRespondents(yearToDateHistories(units, task, cell, valuesOf)).values()) {
      let ofUnit = predictions.get(prediction.unitId);
      if (!ofUnit) predictions.set(prediction.unitId, (ofUnit = new Map()));
      ofUnit.set(id, prediction);
    }
  }
  return predictions;
}

/** The monthly task of the same survey owner for a period, if any. */
function monthlyTaskOf(task: TaskWithOwnerRow, tasks: readonly TaskWithOwnerRow[], period: string) {
  return tasks.find(
    (other) =>
      other.period_type === 'month' &&
      other.owner_region_code === task.owner_region_code &&
      other.period === period,
  );
}

/** Whether a monthly unit falls in an annual class (`industry|province`, '*' for all). */
function isInClass(row: EstimationUnitRow, classKey: string): boolean {
  const [industry, province] = classKey.split('|') as [string, string];
  return (
    (industry === '*' || row.industry_code.startsWith(industry)) &&
    (province === '*' || row.region_code.startsWith(province))
  );
}

/**
 * Annual report: each non-respondent's values of last year carried forward with its class's growth of the
 * year-to-date monthly data (软件业务收入, the latest month of the year with the same month a year before, ratio of
 * means of the enterprises that filed both); amounts grow, counts of persons are carried unchanged. A non-respondent
 * without last year's report gets its class's median.
 */
export async function estimateAnnualTask(
  db: Database,
  task: TaskWithOwnerRow,
  tasks: readonly TaskWithOwnerRow[],
  units: readonly EstimationUnit[],
  cells: ReadonlyArray<{ formId: string; key: string; type: string }>,
  counting: CountingRule,
): Promise<EstimatedFiling[]> {
  const missing = units.filter((unit) => !unit.isRespondent);
  if (missing.length === 0) return [];
  const latestMonth = [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    .map((month) => `${task.period}-${String(month).padStart(2, '0')}`)
    .map((period) => monthlyTaskOf(task, tasks, period))
    .find((found) => found !== undefined);
  const monthlyUnits = latestMonth
    ? await loadEstimationUnits(db, latestMonth, tasks, counting, { excludeOutliers: true })
    : [];
  const headline = { formId: 'monthly', key: '2020' };
  const revenue = (values: CellValues) =>
    numericValue(deriveValues(latestMonth!.edition_id, 'month', values), headline.formId, headline.key) ?? 0;
  const matched = monthlyUnits
    .filter((unit) => unit.isRespondent && !unit.isOutlier && unit.row.last_year !== null)
    .map((unit) => ({
      row: unit.row,
      now: revenue(unit.row.current!),
      before: revenue(unit.row.last_year!),
    }));
  const growthOf = new Map<string, { growth: number; donorCount: number } | null>();
  const classGrowth = (classKey: string) => {
    if (!growthOf.has(classKey)) {
      const donors = matched.filter((pair) => isInClass(pair.row, classKey));
      const growth = ratioOfMeans(donors);
      growthOf.set(classKey, growth === null ? null : { growth, donorCount: donors.length });
    }
    return growthOf.get(classKey)!;
  };

  const byUnit = new Map<string, EstimatedFiling>(
    missing.map((unit) => [
      unit.row.enterprise_id,
      { unit: unit.row, classKey: unit.classKey, values: {}, cells: {} },
    ]),
  );
  for (const cell of cells) {
    const medians = estimateNonRespondents(yearToDateHistories(units, task, cell));
    for (const unit of missing) {
      const lastYear =
        unit.row.last_year === null ? null : (numericValue(unit.row.last_year, cell.formId, cell.key) ?? 0);
      const estimate =
        lastYear === null
          ? medians.get(unit.row.enterprise_id)
          : carryForward({
              unitId: unit.row.enterprise_id,
              classKey: unit.classKey,
              lastYear,
              classGrowth: cell.type === 'amount' ? classGrowth(unit.classKey) : null,
            });
      if (!estimate) continue;
      const filing = byUnit.get(unit.row.enterprise_id)!;
      (filing.values[cell.formId] ??= {})[cell.key] = roundAs(cell.type, estimate.value);
      filing.cells[`${cell.formId}.${cell.key}`] = estimate;
    }
  }
  return [...byUnit.values()].filter((filing) => Object.keys(filing.cells).length > 0);
}
