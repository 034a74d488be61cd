import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AdminLevel } from '../db/schema.ts';
import { passedReviewAt } from '../review/review-level.ts';

export type AggregationGroup =
  'region_code' | 'industry_code' | 'size_code' | 'is_key_enterprise' | 'enterprise_id';

export interface SumOptions {
  taskId: string;
  regionPrefix: string;
  /** Count filings that passed this level's review; with includeSubmitted, every submitted one as well. */
  level: AdminLevel;
  includeSubmitted: boolean;
  groupBy: AggregationGroup;
  /** 同口径: only enterprises whose filing of this other task counts too. */
  alsoCountedIn?: string;
}

export interface CellSumRow {
  group_key: string | null;
  form_id: string;
  cell_key: string;
  total: number;
  filings: number;
}

function countedCondition(level: AdminLevel, includeSubmitted: boolean, table: string) {
  return includeSubmitted
    ? sql`${sql.ref(`${table}.status`)} in ('submitted', 'approved')`
    : passedReviewAt(level, table);
}

/**
 * Sums every numeric typed cell of the counted filings of a task in a region, per group; computed on read with
 * jsonb_each, so totals follow every approval and return at once without a nightly rebuild.
 */
export async function sumCells(db: Database, options: SumOptions): Promise<CellSumRow[]> {
  const groupColumn = options.groupBy === 'enterprise_id' ? sql.ref('e.id') : sql.ref(`e.${options.groupBy}`);
  const sameSet = options.alsoCountedIn
    ? sql`and e.id in (select other.enterprise_id from filings other where other.task_id = ${options.alsoCountedIn} and ${countedCondition(options.level, options.includeSubmitted, 'other')})`
    : sql``;
  const result = await sql<CellSumRow>`
    select ${groupColumn}::text as group_key, form.key as form_id, cell.key as cell_key,
           sum((cell.value #>> '{}')::numeric)::float8 as total, count(distinct f.id)::int as filings
    from filings f
    join enterprises e on e.id = f.enterprise_id
    cross join lateral jsonb_each(f.cell_values) as form(key, value)
    cross join lateral jsonb_each(case when jsonb_typeof(form.value) = 'object' then form.value else '{}'::jsonb end) as cell(key, value)
    where f.task_id = ${options.taskId}
      and e.region_code like ${`${options.regionPrefix}%`}
      and ${countedCondition(options.level, options.includeSubmitted, 'f')}
      and jsonb_typeof(cell.value) = 'number'
      ${sameSet}
    group by 1, 2, 3`.execute(db);
  return result.rows;
}

/** How many filings count per group (a filing with no numeric cell still counts as filed). */
export async function countCountedFilings(
  db: Database,
  options: Omit<SumOptions, 'groupBy'> & { groupBy: AggregationGroup },
): Promise<Array<{ group_key: string | null; filings: number }>> {
  const groupColumn = options.groupBy === 'enterprise_id' ? sql.ref('e.id') : sql.ref(`e.${options.groupBy}`);
  const sameSet = options.alsoCountedIn
    ? sql`and e.id in (select other.enterprise_id from filings other where other.task_id = ${options.alsoCountedIn} and ${countedCondition(options.level, options.includeSubmitted, 'other')})`
    : sql``;
  const result = await sql<{ group_key: string | null; filings: number }>`
    select ${groupColumn}::text as group_key, count(*)::int as filings
    from filings f join enterprises e on e.id = f.enterprise_id
    where f.task_id = ${options.taskId}
      and e.region_code like ${`${options.regionPrefix}%`}
      and ${countedCondition(options.level, options.includeSubmitted, 'f')}
      ${sameSet}
    group by 1`.execute(db);
  return result.rows;
}

export function listEnterprisesByIds(db: Database, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('enterprises')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .select(['enterprises.id', 'enterprises.name', 'enterprises.uscc', 'regions.name as region_name'])
    .where('enterprises.id', 'in', ids)
    .execute();
}
