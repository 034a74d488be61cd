import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AdminLevel } from '../db/schema.ts';
import { isCounted, passedReviewAt } from '../review/review-level.ts';

export interface RankedEnterpriseRow {
  ranking: 'total' | 'growth' | 'contribution';
  enterprise_id: string;
  name: string;
  region_name: string;
  /** Exact `numeric` sums, as decimal text. */
  total: string;
  last_year: string | null;
}

type WeightedCells = Array<{ formId: string; key: string; weight: number }>;

/** SQL: the weighted sum of a filing's typed cells (a blank or non-numeric cell adds nothing). */
function weightedValue(cells: WeightedCells) {
  if (cells.length === 0) return sql`0`;
  return sql.join(
    cells.map((cell) => {
      const value = sql`f.cell_values -> ${cell.formId} -> ${cell.key}`;
      return sql`coalesce(case when jsonb_typeof(${value}) = 'number' then (${value})::numeric end, 0) * ${String(cell.weight)}::numeric`;
    }),
    sql` + `,
  );
}

/**
 * The top `limit` enterprises of a region by an indicator given as weighted typed cells (per task: an edition may
 * weigh them differently), over the counted filings of the task and of last year's: by value, by growth (those
 * counted last year with a positive value) and by increase (contribution to the region's growth), in one statement.
 */
export async function listTopEnterprises(
  db: Database,
  options: {
    regionPrefix: string;
    level: AdminLevel;
    includeSubmitted: boolean;
    limit: number;
    current: { taskId: string; cells: WeightedCells };
    lastYear: { taskId: string; cells: WeightedCells } | null;
  },
): Promise<RankedEnterpriseRow[]> {
  const counted = options.includeSubmitted ? isCounted('f') : passedReviewAt(options.level, 'f');
  const lastYearTaskId = options.lastYear?.taskId ?? options.current.taskId;
  const result = await sql<RankedEnterpriseRow>`
    with valued as (
      select f.enterprise_id, f.task_id,
             case when f.task_id = ${options.current.taskId} then ${weightedValue(options.current.cells)}
                  else ${weightedValue(options.lastYear?.cells ?? [])} end as value
      from filings f
      join enterprises e on e.id = f.enterprise_id
      where f.task_id in (${options.current.taskId}, ${lastYearTaskId})
        and e.region_code like ${`${options.regionPrefix}%`}
        and ${counted}
    ),
    paired as (
      select enterprise_id,
             max(value) filter (where task_id = ${options.current.taskId}) as total,
             ${options.lastYear ? sql`max(value) filter (where task_id = ${lastYearTaskId})` : sql`null::numeric`} as last_year
      from valued group by enterprise_id
    ),
    ranked as (
      (select 'total' as ranking, row_number() over (order by total desc, enterprise_id) as position, *
       from paired where total is not null order by position limit ${options.limit})
      union all
      (select 'growth', row_number() over (order by total / last_year desc, enterprise_id), *
       from paired where total is not null and last_year > 0 order by 2 limit ${options.limit})
      union all
      (select 'contribution', row_number() over (order by total - coalesce(last_year, 0) desc, enterprise_id), *
       from paired where total is not null order by 2 limit ${options.limit})
    )
    select ranked.ranking, ranked.enterprise_id, e.name, r.name as region_name,
           ranked.total::text as total, ranked.last_year::text as last_year
    from ranked
    join enterprises e on e.id = ranked.enterprise_id
    join regions r on r.code = e.region_code
    order by ranked.ranking, ranked.position`.execute(db);
  return result.rows;
}

/** The typed cells of one task summed over the matched enterprises, and how many filings that is. */
export interface MatchedTotalsRow {
  task_id: string;
  /** The division (region code of the enterprises) the row sums. */
  region_code: string;
  filings: number;
  /** {form: {cell: exact sum as decimal text}}; a cell no matched filing holds a number in is left out. */
  totals: Record<string, Record<string, string>>;
}

/**
 * On the same enterprises (环比, 同口径增速): the typed cells of each of the given tasks summed per division over the
 * enterprises of the region whose filing counts in every one of them, in one statement. A month's own amount over
 * them is then one task's sum minus the other's, exactly as the sum of each enterprise's own amount; the totals over
 * all filers cannot give it, as the current month has fewer filers than the month before until it closes.
 */
export async function sumMatchedCells(
  db: Database,
  options: {
    regionPrefix: string;
    level: AdminLevel;
    includeSubmitted: boolean;
    taskIds: string[];
    cells: Array<{ formId: string; key: string }>;
  },
): Promise<MatchedTotalsRow[]> {
  if (options.taskIds.length === 0) return [];
  const counted = options.includeSubmitted ? isCounted('f') : passedReviewAt(options.level, 'f');
  // Each form's JSON taken out of the filing once (a reference per cell would read the whole filing again each
  // time), the enterprises counted in every task kept by a window over one scan of the filings.
  const formIds = [...new Set(options.cells.map((cell) => cell.formId))];
  const forms = formIds.map((formId, index) => sql`f.cell_values -> ${formId} as ${sql.ref(`f${index}`)}`);
  // A cell counts only when it holds a number, as a typed cell of a submitted filing does.
  const sums = options.cells.map((cell, index) => {
    const value = sql`${sql.ref(`x.f${formIds.indexOf(cell.formId)}`)} -> ${cell.key}`;
    return sql`sum(case when jsonb_typeof(${value}) = 'number' then (${value})::numeric end)::text as ${sql.ref(`c${index}`)}`;
  });
  const result = await sql<
    Record<string, string | null> & { task_id: string; region_code: string; filings: number }
  >`
    select x.task_id, x.region_code, count(*)::int as filings
           ${sums.length > 0 ? sql`, ${sql.join(sums)}` : sql``}
    from (
      select f.task_id, e.region_code, count(*) over (partition by f.enterprise_id) as months
             ${forms.length > 0 ? sql`, ${sql.join(forms)}` : sql``}
      from filings f
      join enterprises e on e.id = f.enterprise_id
      where f.task_id in (${sql.join(options.taskIds)})
        and e.region_code like ${`${options.regionPrefix}%`}
        and ${counted}
    ) x
    where x.months = ${options.taskIds.length}
    group by x.task_id, x.region_code`.execute(db);
  return result.rows.map((row) => {
    const totals: MatchedTotalsRow['totals'] = {};
    options.cells.forEach((cell, index) => {
      const total = row[`c${index}`];
      if (typeof total === 'string') (totals[cell.formId] ??= {})[cell.key] = total;
    });
    return { task_id: row.task_id, region_code: row.region_code, filings: row.filings, totals };
  });
}
