import { sql } from 'kysely';
import type { EstimationMethod } from '@zhibao/statistics';
import type { Database } from '../db/database.ts';
import type { TaskWithOwnerRow } from '../task/task.repository.ts';
import {
  estimateTask,
  historyTasksOf,
  loadEstimationUnits,
  type CountingRule,
  type EstimatedFiling,
  type EstimationUnit,
} from './task-estimation.ts';

/*
 * The nation's estimates of a monthly task kept in the process while what they were made from stays as it was:
 * 含推算 汇总 of every region (and a district's as much as the ministry's) reads the same national estimation, which
 * takes seconds at national scale, as 仅实报 reads totals the database keeps. What they were made from is fingerprinted
 * on every read: the filings of the task and of its history months (their number and the sum of their versions —
 * every change of a filing's values or status raises its version, none is deleted), the task's obligations and
 * excusals, and the directory's facts of every enterprise and region. Any change makes the next read estimate again,
 * so an estimate still disappears the moment the enterprise's filing counts.
 */

/** One estimated filing with what 汇总 reads of it, worked out once. */
export interface KeptEstimate {
  filing: EstimatedFiling;
  /** The method of its largest typed part: what decided most of its estimate. */
  method: EstimationMethod | undefined;
}

export interface NationalEstimates {
  estimates: KeptEstimate[];
  /** The region code of every respondent of the nation (for the respondent count of a region). */
  respondentRegionCodes: string[];
}

/** The method of an estimated filing's largest typed part: what decided most of its estimate. */
function methodOf(filing: EstimatedFiling): EstimationMethod | undefined {
  return Object.values(filing.cells).sort((a, b) => Math.abs(b.value) - Math.abs(a.value))[0]?.method;
}

/** A nation's estimates with each one's method, and the respondents they were made from (monthly and annual alike). */
export function nationalEstimatesOf(
  units: readonly EstimationUnit[],
  filings: readonly EstimatedFiling[],
): NationalEstimates {
  return {
    estimates: filings.map((filing) => ({ filing, method: methodOf(filing) })),
    respondentRegionCodes: units.filter((unit) => unit.isRespondent).map((unit) => unit.row.region_code),
  };
}

interface Kept {
  version: string;
  result: Promise<NationalEstimates>;
}

const MAX_KEPT = 8;
const keptByDatabase = new WeakMap<Database, Map<string, Kept>>();

/** What a national estimation of the task read, as one string: equal strings, equal estimates. */
export async function estimationVersion(
  db: Database,
  task: Pick<TaskWithOwnerRow, 'id' | 'period_type' | 'period' | 'owner_region_code'>,
  tasks: readonly TaskWithOwnerRow[],
): Promise<string> {
  const history = historyTasksOf(task as TaskWithOwnerRow, tasks);
  const taskIds = [task.id, ...Object.values(history).filter((id): id is string => id !== null)];
  const { rows } = await sql<{ version: string }>`
    select concat_ws('|',
      (select count(*) || ':' || coalesce(sum(version), 0) from filings
        where task_id in (${sql.join(taskIds)})),
      (select count(*) || ':' || coalesce(sum(hashtext(enterprise_id::text)), 0) from task_obligations
        where task_id = ${task.id}),
      (select count(*) || ':' || coalesce(sum(hashtext(id::text || enterprise_id::text)), 0) from obligation_excusals
        where task_id = ${task.id}),
      (select count(*) || ':' || coalesce(sum(hashtext(concat_ws('|', id, name, region_code, industry_code,
          size_code, is_key_enterprise))), 0) from enterprises),
      (select count(*) || ':' || coalesce(sum(hashtext(code || '|' || name)), 0) from regions)
    ) as version`.execute(db);
  return `${taskIds.join(',')}|${rows[0]!.version}`;
}

async function estimateNation(
  db: Database,
  task: TaskWithOwnerRow,
  tasks: readonly TaskWithOwnerRow[],
  counting: CountingRule,
  cells: ReadonlyArray<{ formId: string; key: string; type: string }>,
): Promise<NationalEstimates> {
  const units = await loadEstimationUnits(db, task, tasks, counting, { excludeOutliers: true });
  return nationalEstimatesOf(units, estimateTask(task, units, cells));
}

/**
 * The estimates of every non-respondent of a monthly task in the nation (ratio of means over the nation's classes,
 * outliers no donors), kept while their version holds. The objects answered are shared: read them, never change them.
 */
export async function nationalMonthlyEstimates(
  db: Database,
  task: TaskWithOwnerRow,
  tasks: readonly TaskWithOwnerRow[],
  counting: CountingRule,
  cells: ReadonlyArray<{ formId: string; key: string; type: string }>,
): Promise<NationalEstimates> {
  let kept = keptByDatabase.get(db);
  if (!kept) keptByDatabase.set(db, (kept = new Map()));
  const key = [
    task.id,
    counting.level,
    counting.includeSubmitted,
    cells.map((cell) => `${cell.formId}.${cell.key}`).join(','),
  ].join('|');
  // The version is read before the filings: a change made in between makes the next read estimate again.
  const version = await estimationVersion(db, task, tasks);
  const found = kept.get(key);
  if (found?.version === version) return found.result;
  const result = estimateNation(db, task, tasks, counting, cells);
  kept.delete(key);
  kept.set(key, { version, result });
  while (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  // A failed estimation is not kept.
  result.catch(() => {
    if (kept.get(key)?.result === result) kept.delete(key);
  });
  return result;
}
