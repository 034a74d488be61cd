import type { EstimationMethod } from '@zhibao/statistics';
import type { AppContext } from '../app-context.ts';
import type { Database } from '../db/database.ts';
import { cellIndexOf, numericValue } from '../review/review-cells.ts';
import {
  estimateNation,
  estimatesDueNow,
  nationalMonthlyEstimates,
  type KeptEstimate,
} from '../estimation/kept-estimates.ts';
import type { CountingRule } from '../estimation/task-estimation.ts';
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
  /** When the estimates were computed (the monthly report's are kept and recomputed in the background). */
  computedAt: Date;
  /** The region's enterprises estimated then whose filing has counted since: their estimates are left out. */
  filedSinceCount: number;
  /** Whether the kept estimates are still current, recomputing them if not: once the read has answered. */
  checkFreshness: (() => void) | null;
}

// A kept estimate is served to many reads (kept-estimates.ts): what 汇总 sums of it is worked out once.
const summableEstimates = new WeakMap<KeptEstimate, EstimatedSummableFiling>();

function summableOf(
  kept: KeptEstimate,
  typedCells: ReadonlyArray<{ formId: string; key: string }>,
): EstimatedSummableFiling {
  let summable = summableEstimates.get(kept);
  if (!summable) {
    summable = {
      ...kept.enterprise,
      cell_values: kept.values,
      cents: typedCells.map((cell) => centsOf(numericValue(kept.values, cell.formId, cell.key))),
    };
    summableEstimates.set(kept, summable);
  }
  return summable;
}

/**
 * 含推算: the task's non-respondents inside the region, estimated over the nation's classes (so each estimate is
 * the same in every region's 汇总), as filings to add to the counted ones: the monthly report by ratio of means of
 * the month's increments, the annual report carried forward with its class's growth of the monthly data. The
 * estimation reads `reader` (the replica when there is one); which estimates are still due is read on the primary,
 * where the reported totals they are added to come from.
 */
export async function estimateRegionNonRespondents(
  ctx: AppContext,
  reader: Database,
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
  // The monthly report's national estimation is kept and recomputed in the background (kept-estimates.ts).
  const { computed, checkFreshness } =
    task.period_type === 'month'
      ? await nationalMonthlyEstimates(reader, task, tasks, counting, cells, ctx.now)
      : {
          computed: await estimateNation(reader, task, tasks, counting, cells, ctx.now),
          checkFreshness: null,
        };
  const national = await estimatesDueNow(ctx.db, task.id, counting, computed);
  const inRegion = (code: string) => code.startsWith(regionPrefix);
  const estimated = national.estimates.filter((kept) => inRegion(kept.enterprise.region_code));
  const methodCounts: RegionEstimates['methodCounts'] = {};
  for (const { method } of estimated) {
    if (method) methodCounts[method] = (methodCounts[method] ?? 0) + 1;
  }
  return {
    filings: estimated.map((kept) => summableOf(kept, typedCells)),
    methodCounts,
    respondentCount: national.respondentRegionCodes.filter(inRegion).length,
    computedAt: national.computedAt,
    filedSinceCount: national.filedSinceRegionCodes.filter(inRegion).length,
    checkFreshness,
  };
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
