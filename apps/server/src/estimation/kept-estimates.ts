import { sql } from 'kysely';
import type { EstimationMethod } from '@zhibao/statistics';
import type { Database } from '../db/database.ts';
import type { CellValues } from '../db/schema.ts';
import type { TaskWithOwnerRow } from '../task/task.repository.ts';
import { listNoLongerEstimated, type EstimationUnitRow } from './estimation.repository.ts';
import {
  estimateAnnualTask,
  estimateTask,
  historyTasksOf,
  loadEstimationUnits,
  type CountingRule,
  type EstimatedFiling,
  type EstimationUnit,
} from './task-estimation.ts';
import { WorkInTurn } from './work-in-turn.ts';

/*
 * The nation's estimates of a monthly task are a batch computation, served until a newer one is ready: estimating
 * the nation reads five months of every enterprise's filing and the period's outlier run (seconds at national
 * scale), and at a deadline a filing arrives every second, so estimating on every change would make every 含推算
 * 汇总 wait for it. What the estimates were made from is fingerprinted after every read: the filings of the task and
 * of its history months (their number and the sum of their versions — every change of a filing's values or status
 * raises its version, none is deleted), the task's obligations and excusals, and the directory's facts of every
 * enterprise and region. A read is answered with the kept estimates at once; once it has answered, the
 * fingerprint is read and, when it differs, the estimates are recomputed in the background (one check or
 * recomputation per task and counting rule at a time, the next after it); the reads after it has finished get
 * its estimates. The first read in a process, with nothing kept, waits for the computation.
 *
 * Served estimates are never older than the red line allows: every read drops, with one lookup per kept estimate
 * (estimatesDueNow), the estimates of enterprises whose filing counts now or that are no longer obliged or were
 * excused — an estimate disappears the moment the enterprise's filing counts, whatever the age of the computation.
 */

/** The directory facts of an estimated enterprise that 汇总 places and groups it by. */
export type EstimatedEnterprise = Pick<
  EstimationUnitRow,
  | 'enterprise_id'
  | 'enterprise_name'
  | 'region_code'
  | 'region_name'
  | 'industry_code'
  | 'size_code'
  | 'is_key_enterprise'
>;

/**
 * One estimated filing with what 汇总 reads of it, worked out once, and nothing more: kept estimates live as long as
 * the process serves them, so the history they were made from and each cell's provenance are not kept with them.
 */
export interface KeptEstimate {
  enterprise: EstimatedEnterprise;
  /** The estimated typed cells, {form: {cell: value}}. */
  values: CellValues;
  /** The method of its largest typed part: what decided most of its estimate. */
  method: EstimationMethod | undefined;
}

export interface NationalEstimates {
  estimates: KeptEstimate[];
  /** The region code of every respondent of the nation (for the respondent count of a region). */
  respondentRegionCodes: string[];
}

/** A national estimation as computed: its estimates and the moment it began to read the data. */
export interface ComputedEstimates extends NationalEstimates {
  computedAt: Date;
}

/** The estimates of a computation that are still due at this read, and how many it lost to filings since. */
export interface CurrentEstimates extends ComputedEstimates {
  /** The region code of each enterprise estimated by the computation whose filing has counted since. */
  filedSinceRegionCodes: string[];
}

/** The method of an estimated filing's largest typed part: what decided most of its estimate. */
function methodOf(filing: Pick<EstimatedFiling, 'cells'>): EstimationMethod | undefined {
  let largest: EstimatedFiling['cells'][string] | undefined;
  for (const estimate of Object.values(filing.cells)) {
    if (!largest || Math.abs(estimate.value) > Math.abs(largest.value)) largest = estimate;
  }
  return largest?.method;
}

/** A nation's estimates with each one's method, and the respondents they were made from (monthly and annual alike). */
function nationalEstimatesOf(
  units: readonly EstimationUnit[],
  filings: readonly EstimatedFiling[],
): NationalEstimates {
  return {
    estimates: filings.map(({ unit, values, ...filing }) => ({
      enterprise: {
        enterprise_id: unit.enterprise_id,
        enterprise_name: unit.enterprise_name,
        region_code: unit.region_code,
        region_name: unit.region_name,
        industry_code: unit.industry_code,
        size_code: unit.size_code,
        is_key_enterprise: unit.is_key_enterprise,
      },
      values,
      method: methodOf(filing),
    })),
    respondentRegionCodes: units.filter((unit) => unit.isRespondent).map((unit) => unit.row.region_code),
  };
}

interface Kept {
  version: string;
  result: Promise<ComputedEstimates>;
}

interface KeptOfDatabase {
  kept: Map<string, Kept>;
  /** The work for each key (its first computation, or a check with its recomputation): one at a time. */
  turns: WorkInTurn;
}

const MAX_KEPT = 8;
const keptByDatabase = new WeakMap<Database, KeptOfDatabase>();

function keptOf(db: Database): KeptOfDatabase {
  let found = keptByDatabase.get(db);
  if (!found) keptByDatabase.set(db, (found = { kept: new Map(), turns: new WorkInTurn() }));
  return found;
}

function keep(store: KeptOfDatabase, key: string, entry: Kept) {
  store.kept.delete(key);
  store.kept.set(key, entry);
  while (store.kept.size > MAX_KEPT) store.kept.delete(store.kept.keys().next().value!);
}

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

/**
 * The nation's estimates of a task, computed now: a monthly report's by ratio of means on the year-to-date
 * increments, an annual report's carried forward from last year with the class growth of the monthly data.
 */
export async function estimateNation(
  db: Database,
  task: TaskWithOwnerRow,
  tasks: readonly TaskWithOwnerRow[],
  counting: CountingRule,
  cells: ReadonlyArray<{ formId: string; key: string; type: string }>,
  now: () => Date,
): Promise<ComputedEstimates> {
  const computedAt = now();
  const units = await loadEstimationUnits(db, task, tasks, counting, { excludeOutliers: true });
  const filings =
    task.period_type === 'year'
      ? await estimateAnnualTask(db, task, tasks, units, cells, counting)
      : await estimateTask(task, units, cells);
  return { ...nationalEstimatesOf(units, filings), computedAt };
}

/** The estimates a read serves, and what it leaves to do after it has answered. */
export interface ServedEstimates {
  computed: ComputedEstimates;
  /**
   * For kept estimates (null for those computed for this read): reads the fingerprint of what they were made from
   * and, when it changed, recomputes them in the background. The read calls it once it has answered, so that
   * neither competes with it for the event loop and the database. Asked for while a check or recomputation of the
   * same estimates is under way, it runs once that has ended.
   */
  checkFreshness: (() => void) | null;
}

/**
 * The estimates of every non-respondent of a monthly task in the nation (ratio of means over the nation's classes,
 * outliers no donors) as last computed: computed now when none is kept, else the kept ones. Pass them through
 * estimatesDueNow before use. The objects answered are shared: read them, never change them.
 */
export async function nationalMonthlyEstimates(
  db: Database,
  task: TaskWithOwnerRow,
  tasks: readonly TaskWithOwnerRow[],
  counting: CountingRule,
  cells: ReadonlyArray<{ formId: string; key: string; type: string }>,
  now: () => Date,
): Promise<ServedEstimates> {
  const store = keptOf(db);
  const key = [
    task.id,
    counting.level,
    counting.includeSubmitted,
    cells.map((cell) => `${cell.formId}.${cell.key}`).join(','),
  ].join('|');
  const found = store.kept.get(key);
  if (found) {
    const checkFreshness = () =>
      store.turns.run(key, async () => {
        try {
          // The version is read before the filings: a change made in between makes a later check recompute.
          const version = await estimationVersion(db, task, tasks);
          if (version === store.kept.get(key)?.version) return;
          const result = await estimateNation(db, task, tasks, counting, cells, now);
          keep(store, key, { version, result: Promise.resolve(result) });
        } catch (error) {
          // The kept estimates stay served; the next read tries again.
          console.error(`含推算: re-estimating task ${task.id} failed; the estimates kept are served`, error);
        }
      });
    return { computed: await found.result, checkFreshness };
  }
  const version = await estimationVersion(db, task, tasks);
  // Another read may have begun the computation meanwhile: this one shares it.
  if (store.kept.has(key)) return nationalMonthlyEstimates(db, task, tasks, counting, cells, now);
  const result = estimateNation(db, task, tasks, counting, cells, now);
  keep(store, key, { version, result });
  // A failed estimation is not kept (its reader sees the error).
  result.catch(() => {
    if (store.kept.get(key)?.result === result) store.kept.delete(key);
  });
  // The checks asked for meanwhile run after it.
  store.turns.run(key, () =>
    result.then(
      () => undefined,
      () => undefined,
    ),
  );
  return { computed: await result, checkFreshness: null };
}

/** Settles when the national estimations under way on this database have all ended (before it closes; tests). */
export async function estimationsUnderWay(db: Database): Promise<void> {
  await keptByDatabase.get(db)?.turns.settled();
}

/**
 * The estimates of a computation that are due at this moment: without those whose enterprise's filing counts now
 * under the read's rule (counted among the respondents instead), or that are no longer obliged or were excused.
 * Read on the database the reported totals come from, so an enterprise is never both counted and estimated.
 */
export async function estimatesDueNow(
  db: Database,
  taskId: string,
  counting: CountingRule,
  computed: ComputedEstimates,
): Promise<CurrentEstimates> {
  const gone = await listNoLongerEstimated(db, {
    taskId,
    enterpriseIds: computed.estimates.map((kept) => kept.enterprise.enterprise_id),
    level: counting.level,
    includeSubmitted: counting.includeSubmitted,
  });
  if (gone.length === 0) return { ...computed, filedSinceRegionCodes: [] };
  const isCounted = new Map(gone.map((row) => [row.enterprise_id, row.is_counted]));
  const filedSinceRegionCodes = computed.estimates
    .filter((kept) => isCounted.get(kept.enterprise.enterprise_id) === true)
    .map((kept) => kept.enterprise.region_code);
  return {
    estimates: computed.estimates.filter((kept) => !isCounted.has(kept.enterprise.enterprise_id)),
    respondentRegionCodes: [...computed.respondentRegionCodes, ...filedSinceRegionCodes],
    computedAt: computed.computedAt,
    filedSinceRegionCodes,
  };
}
