import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

// The 汇总 totals the database keeps (aggregation_region_totals, aggregation_attribute_totals and the deltas not yet
// folded), beside the same totals summed afresh from the counted filings: a test compares the two after whatever
// wrote the filings (a bulk import adds them to the totals set-wise, the row trigger queues them one by one).

/** One group's filings and each of its cells' exact sum, as text ('1234.5'), keyed like the kept rows. */
export interface TotalsCell {
  group: string;
  filings: number;
  cell: string;
  total: string;
}

const groupings = {
  region: {
    kept: sql`concat_ws('|', task_id, region_code, status, pending_level)`,
    fresh: sql`concat_ws('|', task_id, region_code, status, pending_level)`,
    table: sql`aggregation_region_totals`,
  },
  attributes: {
    kept: sql`concat_ws('|', task_id, province_code, industry_code, size_code, is_key_enterprise, status, pending_level)`,
    fresh: sql`concat_ws('|', task_id, left(region_code, 2), industry_code, size_code, is_key_enterprise, status, pending_level)`,
    table: sql`aggregation_attribute_totals`,
  },
};

/**
 * The kept totals of these tasks' groups by district (`region`) or by province × 行业 × 规模 × 重点 (`attributes`),
 * deltas still queued added in, as one row per group and cell whose sum is not 0 (a group without one has a row
 * with cell ''); groups whose filings add up to none are left out.
 */
export async function keptTotals(
  db: Database,
  taskIds: string[],
  by: keyof typeof groupings,
): Promise<TotalsCell[]> {
  const { kept, table } = groupings[by];
  const deltaGroup = by === 'region' ? groupings.region.fresh : groupings.attributes.fresh;
  const result = await sql<TotalsCell>`
    with groups as (
      select ${kept} as "group", filings, totals from ${table} where task_id in (${sql.join(taskIds)})
      union all
      select ${deltaGroup}, sign, (select coalesce(jsonb_object_agg(form.key, (
               select coalesce(jsonb_object_agg(cell.key, sign * cell.value::numeric), '{}'::jsonb)
               from jsonb_each(form.value) as cell(key, value) where jsonb_typeof(cell.value) = 'number')), '{}'::jsonb)
             from jsonb_each(cell_values) as form(key, value) where jsonb_typeof(form.value) = 'object')
      from aggregation_deltas where task_id in (${sql.join(taskIds)})
    ),
    counts as (select "group", sum(filings)::int as filings from groups group by 1 having sum(filings) <> 0)
    ${totalsRows(sql`groups`)}`.execute(db);
  return result.rows;
}

/** The deltas of these tasks still queued for the fold. */
export async function countQueuedDeltas(db: Database, taskIds: string[]): Promise<number> {
  const result = await sql<{ count: number }>`
    select count(*)::int as count from aggregation_deltas where task_id in (${sql.join(taskIds)})`.execute(
    db,
  );
  return result.rows[0]!.count;
}

/** The same totals summed afresh from the counted filings of these tasks and their enterprises. */
export async function totalsFromFilings(
  db: Database,
  taskIds: string[],
  by: keyof typeof groupings,
): Promise<TotalsCell[]> {
  const result = await sql<TotalsCell>`
    with counted as (
      select f.task_id, e.region_code, e.industry_code, filing_size_code(f.cell_values, e.size_code) as size_code,
             e.is_key_enterprise, f.status, coalesce(f.pending_level, '') as pending_level, f.cell_values
      from filings f join enterprises e on e.id = f.enterprise_id
      where filing_is_counted(f.status) and f.task_id in (${sql.join(taskIds)})
    ),
    groups as (
      select ${groupings[by].fresh} as "group", 1 as filings, (select coalesce(jsonb_object_agg(form.key, (
               select coalesce(jsonb_object_agg(cell.key, cell.value), '{}'::jsonb)
               from jsonb_each(form.value) as cell(key, value) where jsonb_typeof(cell.value) = 'number')), '{}'::jsonb)
             from jsonb_each(cell_values) as form(key, value) where jsonb_typeof(form.value) = 'object') as totals
      from counted
    ),
    counts as (select "group", sum(filings)::int as filings from groups group by 1)
    ${totalsRows(sql`groups`)}`.execute(db);
  return result.rows;
}

function totalsRows(groups: ReturnType<typeof sql>) {
  return sql`
    select counts."group", counts.filings, coalesce(sums.cell, '') as cell, coalesce(trim_scale(sums.total)::text, '') as total
    from counts
    left join (
      select g."group", form.key || '.' || cell.key as cell, sum(cell.value::numeric) as total
      from ${groups} g
      cross join lateral jsonb_each(g.totals) as form(key, value)
      cross join lateral jsonb_each(form.value) as cell(key, value)
      group by 1, 2
      having sum(cell.value::numeric) <> 0
    ) sums using ("group")
    order by 1, 3`;
}
