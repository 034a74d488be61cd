import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AdminLevel, CellValues } from '../db/schema.ts';
import { isCounted, passedReviewAt } from '../review/review-level.ts';

/** The tasks of the same survey whose filings give an enterprise's history around the task being estimated. */
export interface HistoryTasks {
  previous: string | null;
  beforePrevious: string | null;
  lastYear: string | null;
  lastYearPrevious: string | null;
}

/**
 * An enterprise of the estimation: obliged to file the task (and not excused), or counted in it. Each period's
 * values are those of a counted filing (null otherwise): this period's under the 汇总's own rule (passed the level's
 * review, or submitted as well), history's once submitted.
 */
export interface EstimationUnitRow {
  enterprise_id: string;
  enterprise_name: string;
  region_code: string;
  region_name: string;
  industry_code: string;
  size_code: string | null;
  is_key_enterprise: boolean;
  current: CellValues | null;
  previous: CellValues | null;
  before_previous: CellValues | null;
  last_year: CellValues | null;
  last_year_previous: CellValues | null;
}

/**
 * Every enterprise of the nation that the task obliges and has not excused, or that is counted in it, with its
 * values of the task and of the history tasks: the classes and their donors span provinces and the nation, so an
 * enterprise's estimate is the same in every region's 汇总.
 */
export async function listEstimationUnits(
  db: Database,
  options: { taskId: string; history: HistoryTasks; level: AdminLevel; includeSubmitted: boolean },
): Promise<EstimationUnitRow[]> {
  const counted = options.includeSubmitted ? isCounted('f0') : passedReviewAt(options.level, 'f0');
  const history = (alias: string, taskId: string | null) =>
    taskId
      ? sql`left join filings ${sql.raw(alias)} on ${sql.ref(`${alias}.task_id`)} = ${taskId}
              and ${sql.ref(`${alias}.enterprise_id`)} = e.id and ${isCounted(alias)}`
      : sql`left join (select null::jsonb as cell_values) ${sql.raw(alias)} on false`;
  const result = await sql<EstimationUnitRow>`
    select e.id as enterprise_id, e.name as enterprise_name, e.region_code, r.name as region_name,
           e.industry_code, e.size_code, e.is_key_enterprise,
           case when ${counted} then f0.cell_values end as current,
           f1.cell_values as previous, f2.cell_values as before_previous,
           f3.cell_values as last_year, f4.cell_values as last_year_previous
    from enterprises e
    join regions r on r.code = e.region_code
    left join task_obligations o on o.task_id = ${options.taskId} and o.enterprise_id = e.id
    left join filings f0 on f0.task_id = ${options.taskId} and f0.enterprise_id = e.id
    ${history('f1', options.history.previous)}
    ${history('f2', options.history.beforePrevious)}
    ${history('f3', options.history.lastYear)}
    ${history('f4', options.history.lastYearPrevious)}
    where (f0.id is not null and ${counted})
       or (o.enterprise_id is not null
           and not exists (select 1 from obligation_excusals x
                           where x.task_id = ${options.taskId} and x.enterprise_id = e.id))`.execute(db);
  return result.rows;
}

/**
 * Of the given enterprises (the non-respondents of an estimation made earlier), those that are not to be estimated
 * any more: counted in the task under the 汇总's rule (`is_counted`), or no longer obliged, or excused. Three lookups
 * by (task, enterprise) per enterprise, answered by the filings' facts index and the obligations' and excusals'
 * keys, so a 汇总 can check thousands of kept estimates against the data of this moment in milliseconds.
 */
export async function listNoLongerEstimated(
  db: Database,
  options: { taskId: string; enterpriseIds: readonly string[]; level: AdminLevel; includeSubmitted: boolean },
): Promise<Array<{ enterprise_id: string; is_counted: boolean }>> {
  if (options.enterpriseIds.length === 0) return [];
  const counted = options.includeSubmitted ? isCounted('f0') : passedReviewAt(options.level, 'f0');
  const result = await sql<{ enterprise_id: string; is_counted: boolean }>`
    select u.id as enterprise_id, coalesce(f0.id is not null and ${counted}, false) as is_counted
    from unnest(${[...options.enterpriseIds]}::uuid[]) as u(id)
    left join filings f0 on f0.task_id = ${options.taskId} and f0.enterprise_id = u.id
    where (f0.id is not null and ${counted})
       or not exists (select 1 from task_obligations o where o.task_id = ${options.taskId} and o.enterprise_id = u.id)
       or exists (select 1 from obligation_excusals x
                  where x.task_id = ${options.taskId} and x.enterprise_id = u.id)`.execute(db);
  return result.rows;
}
