import type { EstimationMethod } from '@zhibao/statistics';
import type { Database } from '../db/database.ts';
import { cellIndexOf, numericValue } from '../review/review-cells.ts';
import {
  nationalEstimatesOf,
  nationalMonthlyEstimates,
  type NationalEstimates,
} from '../estimation/kept-estimates.ts';
import { estimateAnnualTask, loadEstimationUnits, type CountingRule } from '../estimation/task-estimation.ts';
import type { TaskWithOwnerRow } from '../task/task.repository.ts';
import { centsOf, fromCents } from './exact-sum.ts';
import {
  indicatorCells,
  summable,
  typedNumericCells,
  type GroupTotals,
  type SummableFiling,
} from './aggregation-indicators.ts';

/** An estimated filing, summable like a counted one. */
export interface EstimatedSummableFiling extends SummableFiling {
  region_code: string;
}

/** The estimated filings of a region's non-respondents, and how they were made. */
export interface RegionEstimates {
  filings: EstimatedSummableFiling[];
  /** How many estimated enterprises each method estimated the headline indicator's parts with. */
  methodCounts: Partial<Record<EstimationMethod, number>>;
  respondentCount: number;
}

/**
 * 含推算: the task's non-respondents inside the region, estimated over the nation's classes (so each estimate is
 * the same in every region's 汇总), as filings to add to the counted ones: the monthly report by ratio of means of
 * the month's increments, the annual report carried forward with its class's growth of the monthly data.
 */
export async function estimateRegionNonRespondents(
  db: Database,
  task: TaskWithOwnerRow,
  tasks: readonly TaskWithOwnerRow[],
  regionPrefix: string,
  counting: CountingRule,
): Promise<RegionEstimates> {
  const index = cellIndexOf(task.edition_id, task.period_type);
  const typedCells = typedNumericCells(task);
  const cells = typedCells
    .map((cell) => index.get(`${cell.formId}.${cell.key}`)!)
    .filter((cell) => summable.has(cell.type));
  // The monthly report's national estimation is kept while what it read stays as it was (kept-estimates.ts).
  const national =
    task.period_type === 'month'
      ? await nationalMonthlyEstimates(db, task, tasks, counting, cells)
      : await estimateAnnualNation(db, task, tasks, counting, cells);
  const estimated = national.estimates.filter((kept) =>
    kept.filing.unit.region_code.startsWith(regionPrefix),
  );
  const methodCounts: RegionEstimates['methodCounts'] = {};
  for (const { method } of estimated) {
    if (method) methodCounts[method] = (methodCounts[method] ?? 0) + 1;
  }
  return {
    filings: estimated.map(({ filing }) => ({
      enterprise_id: filing.unit.enterprise_id,
      enterprise_name: filing.unit.enterprise_name,
      region_name: filing.unit.region_name,
      region_code: filing.unit.region_code,
      industry_code: filing.unit.industry_code,
      size_code: filing.unit.size_code,
      is_key_enterprise: filing.unit.is_key_enterprise,
      cell_values: filing.values,
      cents: typedCells.map((cell) => centsOf(numericValue(filing.values, cell.formId, cell.key))),
    })),
    methodCounts,
    respondentCount: national.respondentRegionCodes.filter((code) => code.startsWith(regionPrefix)).length,
  };
}

/** The annual report's estimation of the nation (not kept: it reads the monthly data of the year as well). */
async function estimateAnnualNation(
  db: Database,
  task: TaskWithOwnerRow,
  tasks: readonly TaskWithOwnerRow[],
  counting: CountingRule,
  cells: ReadonlyArray<{ formId: string; key: string; type: string }>,
): Promise<NationalEstimates> {
  const units = await loadEstimationUnits(db, task, tasks, counting, { excludeOutliers: true });
  const filings = await estimateAnnualTask(db, task, tasks, units, cells, counting);
  return nationalEstimatesOf(units, filings);
}

/** Reported and estimated totals of the same keys added in cents; the filing counts stay the reported ones. */
export function addEstimates(
  task: TaskWithOwnerRow,
  reported: GroupTotals,
  estimated: GroupTotals,
): GroupTotals {
  const ids = indicatorCells(task).map((cell) => `${cell.formId}.${cell.key}`);
  const values = new Map(reported.values);
  for (const [key, extra] of estimated.values) {
    const base = values.get(key);
    values.set(
      key,
      Object.fromEntries(
        ids.map((id) => {
          const a = centsOf(base?.[id] ?? null);
          const b = centsOf(extra[id] ?? null);
          return [id, a === null && b === null ? null : fromCents((a ?? 0) + (b ?? 0))];
        }),
      ),
    );
  }
  return { values, counts: reported.counts };
}
