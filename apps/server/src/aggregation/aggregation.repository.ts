import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AdminLevel, CellValues } from '../db/schema.ts';
import { isCounted, passedReviewAt } from '../review/review-level.ts';

export interface CountedOptions {
  taskId: string;
  regionPrefix: string;
  /** Count filings that passed this level's review; with includeSubmitted, every submitted one as well. */
  level: AdminLevel;
  includeSubmitted: boolean;
}

function countedCondition(level: AdminLevel, includeSubmitted: boolean, table: string) {
  return includeSubmitted ? isCounted(table) : passedReviewAt(level, table);
}

/** A counted filing with the enterprise attributes a city or district page groups it by. */
export interface CountedFilingRow {
  enterprise_id: string;
  enterprise_name: string;
  region_code: string;
  region_name: string;
  industry_code: string;
  size_code: string | null;
  is_key_enterprise: boolean;
  cell_values: CellValues;
}

/**
 * The counted filings of a task in a region, each with its enterprise, read once: the enterprise rows and the
 * 行业/规模/重点 breakdowns below a province are summed from these rows in the service. Each filing's JSON is
 * read whole, once; reading every cell by path in SQL unpacks the JSON again for every cell.
 */
export async function listCountedFilings(
  db: Database,
  options: CountedOptions,
): Promise<Array<CountedFilingRow & { uscc: string }>> {
  const result = await sql<CountedFilingRow & { uscc: string }>`
    select e.id as enterprise_id, e.name as enterprise_name, e.uscc, e.region_code, r.name as region_name, e.industry_code,
           filing_size_code(f.cell_values, e.size_code) as size_code, e.is_key_enterprise, f.cell_values
    from filings f
    join enterprises e on e.id = f.enterprise_id
    join regions r on r.code = e.region_code
    where f.task_id = ${options.taskId}
      and e.region_code like ${`${options.regionPrefix}%`}
      and ${countedCondition(options.level, options.includeSubmitted, 'f')}`.execute(db);
  return result.rows;
}

/**
 * 同口径 on read: the given typed cells summed over the counted filings of a task in a region whose enterprise's
 * filing of another task counts too (which the kept totals cannot know), and how many filings that is; a filing
 * with no numeric cell still counts as filed.
 */
export async function sumSameSetCells(
  db: Database,
  options: CountedOptions & { alsoCountedIn: string; cells: Array<{ formId: string; key: string }> },
): Promise<TotalsRow> {
  // A cell counts only when it holds a number, as a typed cell of a submitted filing does.
  const sums = options.cells.map((cell, index) => {
    const value = sql`f.cell_values -> ${cell.formId} -> ${cell.key}`;
    return sql`sum(case when jsonb_typeof(${value}) = 'number' then (${value})::numeric end) as ${sql.ref(`c${index}`)}`;
  });
  const result = await sql<Record<string, string | null> & { filings: number }>`
    select count(*)::int as filings ${sums.length > 0 ? sql`, ${sql.join(sums)}` : sql``}
    from filings f
    join enterprises e on e.id = f.enterprise_id
    where f.task_id = ${options.taskId}
      and e.region_code like ${`${options.regionPrefix}%`}
      and ${countedCondition(options.level, options.includeSubmitted, 'f')}
      and e.id in (select other.enterprise_id from filings other
                   where other.task_id = ${options.alsoCountedIn}
                     and ${countedCondition(options.level, options.includeSubmitted, 'other')})`.execute(db);
  const row = result.rows[0]!;
  return {
    task_id: options.taskId,
    group_key: 'all',
    filings: row.filings,
    totals: totalsOfColumns(row, options.cells),
  };
}

/**
 * Totals of one group of counted filings as kept by the database: filings and {form: {cell: sum}}. Every sum is
 * exact (`numeric`, never float8: two values of 1e308 overflowed float8 and failed 汇总); a sum arrives as a JSON
 * number from the kept jsonb totals or as decimal text from a `numeric` column.
 */
export interface TotalsRow {
  task_id: string;
  group_key: string;
  filings: number;
  totals: Record<string, Record<string, number | string>>;
}

/**
 * The sums of a row with a column `c<index>` per cell, as {form: {cell: sum}}; a cell no filing holds is left out.
 * The sums are exact `numeric`, which the driver hands over as decimal text ('0.30'): kept as text here, so the
 * service converts it once, without float noise.
 */
function totalsOfColumns(
  row: Record<string, unknown>,
  cells: Array<{ formId: string; key: string }>,
): TotalsRow['totals'] {
  const totals: TotalsRow['totals'] = {};
  cells.forEach((cell, index) => {
    const total = row[`c${index}`];
    if (typeof total === 'string' || typeof total === 'number')
      (totals[cell.formId] ??= {})[cell.key] = total;
  });
  return totals;
}

// One fold at a time: concurrent folds would each take a share of the deltas and race on the same totals rows.
const FOLD_LOCK = 20_261_124;

/**
 * Moves the contributions the filings trigger appended (migration 20261124T1000) into the totals tables. The
 * outbox worker calls it (and the scale seed); reads never do: they add the deltas still waiting on their own.
 */
export async function foldAggregationDeltas(db: Database): Promise<void> {
  for (;;) {
    const moved = await foldDeltaBatch(db);
    if (moved < FOLD_BATCH) return;
  }
}

// Small batches keep each fold's sorts in memory: a backlog of a whole season (a bulk load, the migration's
// backfill) is folded a few thousand filings at a time instead of in one statement that spills to disk.
const FOLD_BATCH = 5000;

async function foldDeltaBatch(db: Database): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(trx);
    const result = await foldStatement(FOLD_BATCH).execute(trx);
    return result.rows[0]?.moved ?? 0;
  });
}

/**
 * One batch of the fold: takes up to `batch` deltas off the queue and adds them to the kept totals, in one
 * statement. Its SQL is committed in apps/server/sql/aggregation-fold.sql.
 */
export function foldStatement(batch: number) {
  return sql<{ moved: number }>`
      with moved as (
        delete from aggregation_deltas
        where ctid = any (array(select ctid from aggregation_deltas limit ${batch}))
        returning *
      ),
      cells as (
        select m.task_id, m.region_code, m.industry_code, m.size_code, m.is_key_enterprise, m.status,
               m.pending_level, form.key as form_id, cell.key as cell_key, m.sign * cell.value::numeric as amount
        from moved m
        cross join lateral jsonb_each(m.cell_values) as form(key, value)
        cross join lateral jsonb_each(case when jsonb_typeof(form.value) = 'object' then form.value else '{}'::jsonb end) as cell(key, value)
        where jsonb_typeof(cell.value) = 'number'
      ),
      region_totals as (
        select task_id, region_code, status, pending_level, jsonb_object_agg(form_id, cells) as totals
        from (select task_id, region_code, status, pending_level, form_id, jsonb_object_agg(cell_key, total) as cells
              from (select task_id, region_code, status, pending_level, form_id, cell_key, sum(amount) as total
                    from cells group by 1, 2, 3, 4, 5, 6) summed
              group by 1, 2, 3, 4, 5) forms
        group by 1, 2, 3, 4
      ),
      into_regions as (
        insert into aggregation_region_totals as kept
        select counts.task_id, counts.region_code, counts.status, counts.pending_level, counts.filings,
               coalesce(region_totals.totals, '{}'::jsonb)
        from (select task_id, region_code, status, pending_level, sum(sign)::int as filings
              from moved group by 1, 2, 3, 4) counts
        left join region_totals using (task_id, region_code, status, pending_level)
        on conflict (task_id, region_code, status, pending_level) do update
          set filings = kept.filings + excluded.filings,
              totals = aggregation_add_totals(kept.totals, excluded.totals)
      ),
      attribute_totals as (
        select task_id, province_code, industry_code, size_code, is_key_enterprise, status, pending_level,
               jsonb_object_agg(form_id, cells) as totals
        from (select task_id, province_code, industry_code, size_code, is_key_enterprise, status, pending_level,
                     form_id, jsonb_object_agg(cell_key, total) as cells
              from (select task_id, left(region_code, 2) as province_code, industry_code, size_code,
                           is_key_enterprise, status, pending_level, form_id, cell_key, sum(amount) as total
                    from cells group by 1, 2, 3, 4, 5, 6, 7, 8, 9) summed
              group by 1, 2, 3, 4, 5, 6, 7, 8) forms
        group by 1, 2, 3, 4, 5, 6, 7
      ),
      into_attributes as (
      insert into aggregation_attribute_totals as kept
      select counts.task_id, counts.province_code, counts.industry_code, counts.size_code, counts.is_key_enterprise,
             counts.status, counts.pending_level, counts.filings, coalesce(attribute_totals.totals, '{}'::jsonb)
      from (select task_id, left(region_code, 2) as province_code, industry_code, size_code, is_key_enterprise,
                   status, pending_level, sum(sign)::int as filings
            from moved group by 1, 2, 3, 4, 5, 6, 7) counts
      left join attribute_totals
        using (task_id, province_code, industry_code, size_code, is_key_enterprise, status, pending_level)
      on conflict (task_id, province_code, industry_code, size_code, is_key_enterprise, status, pending_level) do update
        set filings = kept.filings + excluded.filings,
            totals = aggregation_add_totals(kept.totals, excluded.totals)
      )
      select count(*)::int as moved from moved`;
}

function countedTotals(level: AdminLevel, includeSubmitted: boolean) {
  // The totals tables keep a missing pending level as '', which ranks below every level as null does.
  return includeSubmitted ? isCounted('t') : passedReviewAt(level, 't');
}

/*
 * Reads never fold (a GET writes nothing): each read below sums the kept totals and the deltas the outbox worker
 * has not folded yet, in one statement, so it sees one snapshot of both and a fold running beside it changes
 * nothing it answers. A group is what the fold keys a kept row by; one whose filings sum to 0 is left out, as a
 * kept row with no filings is.
 */

/** The unfolded deltas as rows of aggregation_region_totals (each delta's sign applied to its cells). */
function unfoldedRegionRows(where: RawBuilder<unknown>) {
  return sql`
    select counts.task_id, counts.region_code, counts.status, counts.pending_level, counts.filings,
           coalesce(forms.totals, '{}'::jsonb) as totals
    from (select d.task_id, d.region_code, d.status, d.pending_level, sum(d.sign)::int as filings
          from aggregation_deltas d where ${where} group by 1, 2, 3, 4) counts
    left join (
      select task_id, region_code, status, pending_level, jsonb_object_agg(form_id, cells) as totals
      from (select task_id, region_code, status, pending_level, form_id, jsonb_object_agg(cell_key, total) as cells
            from (${unfoldedCells(where, sql`d.region_code`)}) summed
            group by 1, 2, 3, 4, 5) per_form
      group by 1, 2, 3, 4) forms using (task_id, region_code, status, pending_level)`;
}

/** The unfolded deltas as rows of aggregation_attribute_totals. */
function unfoldedAttributeRows(where: RawBuilder<unknown>) {
  const attributes = sql`left(d.region_code, 2), d.industry_code, d.size_code, d.is_key_enterprise`;
  return sql`
    select counts.task_id, counts.province_code, counts.industry_code, counts.size_code, counts.is_key_enterprise,
           counts.status, counts.pending_level, counts.filings, coalesce(forms.totals, '{}'::jsonb) as totals
    from (select d.task_id, left(d.region_code, 2) as province_code, d.industry_code, d.size_code,
                 d.is_key_enterprise, d.status, d.pending_level, sum(d.sign)::int as filings
          from aggregation_deltas d where ${where} group by 1, 2, 3, 4, 5, 6, 7) counts
    left join (
      select task_id, province_code, industry_code, size_code, is_key_enterprise, status, pending_level,
             jsonb_object_agg(form_id, cells) as totals
      from (select task_id, province_code, industry_code, size_code, is_key_enterprise, status, pending_level,
                   form_id, jsonb_object_agg(cell_key, total) as cells
            from (${unfoldedCells(where, attributes, ['province_code', 'industry_code', 'size_code', 'is_key_enterprise'])}) summed
            group by 1, 2, 3, 4, 5, 6, 7, 8) per_form
      group by 1, 2, 3, 4, 5, 6, 7) forms
    using (task_id, province_code, industry_code, size_code, is_key_enterprise, status, pending_level)`;
}

/** Each unfolded delta's numeric cells, signed and summed per group (the fold's own `cells` step). */
function unfoldedCells(where: RawBuilder<unknown>, group: RawBuilder<unknown>, groupNames = ['region_code']) {
  const count = groupNames.length;
  const names = sql.raw(
    ['task_id', ...groupNames, 'status', 'pending_level', 'form_id', 'cell_key'].join(', '),
  );
  const ordinals = sql.raw(Array.from({ length: count + 5 }, (_, index) => index + 1).join(', '));
  return sql`
    select ${names}, sum(amount) as total
    from (select d.task_id, ${group}, d.status, d.pending_level, form.key, cell.key, d.sign * cell.value::numeric
          from aggregation_deltas d
          cross join lateral jsonb_each(d.cell_values) as form(key, value)
          cross join lateral jsonb_each(case when jsonb_typeof(form.value) = 'object' then form.value else '{}'::jsonb end) as cell(key, value)
          where jsonb_typeof(cell.value) = 'number' and ${where}) as signed(${names}, amount)
    group by ${ordinals}`;
}

/** Totals per task and district (region_code) inside a region, over the counted filings, folded or not. */
export async function listRegionTotals(
  db: Database,
  options: { taskIds: string[]; regionPrefix: string; level: AdminLevel; includeSubmitted: boolean },
): Promise<TotalsRow[]> {
  if (options.taskIds.length === 0) return [];
  const result = await sql<TotalsRow>`
    select t.task_id, t.region_code as group_key, sum(t.filings)::int as filings,
           aggregation_sum_totals(t.totals) as totals
    from (select task_id, region_code, status, pending_level, filings, totals
          from aggregation_region_totals
          where task_id in (${sql.join(options.taskIds)}) and region_code like ${`${options.regionPrefix}%`}
          union all
          ${unfoldedRegionRows(sql`d.task_id in (${sql.join(options.taskIds)}) and d.region_code like ${`${options.regionPrefix}%`}`)}) t
    where ${countedTotals(options.level, options.includeSubmitted)}
    group by t.task_id, t.region_code, t.status, t.pending_level
    having sum(t.filings) <> 0`.execute(db);
  return result.rows;
}

/** Totals of the chosen cells per task inside a region (the trend), folded or not: one row per task. */
export async function sumTaskTotals(
  db: Database,
  options: {
    taskIds: string[];
    regionPrefix: string;
    level: AdminLevel;
    includeSubmitted: boolean;
    cells: Array<{ formId: string; key: string }>;
  },
): Promise<TotalsRow[]> {
  if (options.taskIds.length === 0) return [];
  const keptCells = options.cells.map(
    (cell, index) => sql`(t.totals -> ${cell.formId} -> ${cell.key})::numeric as ${sql.ref(`c${index}`)}`,
  );
  const unfoldedCellValues = options.cells.map((cell, index) => {
    const value = sql`d.cell_values -> ${cell.formId} -> ${cell.key}`;
    return sql`case when jsonb_typeof(${value}) = 'number' then d.sign * (${value})::numeric end as ${sql.ref(`c${index}`)}`;
  });
  const groupSums = options.cells.map(
    (_, index) => sql`sum(${sql.ref(`c${index}`)}) as ${sql.ref(`c${index}`)}`,
  );
  const extra = (columns: RawBuilder<unknown>[]) =>
    columns.length > 0 ? sql`, ${sql.join(columns)}` : sql``;
  const result = await sql<Record<string, string | null> & { task_id: string; filings: number }>`
    select g.task_id, sum(g.filings)::int as filings ${extra(groupSums)}
    from (select t.task_id, sum(t.filings)::int as filings ${extra(groupSums)}
          from (select t.task_id, t.region_code, t.status, t.pending_level, t.filings ${extra(keptCells)}
                from aggregation_region_totals t
                where t.task_id in (${sql.join(options.taskIds)}) and t.region_code like ${`${options.regionPrefix}%`}
                union all
                select d.task_id, d.region_code, d.status, d.pending_level, d.sign ${extra(unfoldedCellValues)}
                from aggregation_deltas d
                where d.task_id in (${sql.join(options.taskIds)}) and d.region_code like ${`${options.regionPrefix}%`}) t
          where ${countedTotals(options.level, options.includeSubmitted)}
          group by t.task_id, t.region_code, t.status, t.pending_level
          having sum(t.filings) <> 0) g
    group by g.task_id`.execute(db);
  return result.rows.map((row) => ({
    task_id: row.task_id,
    group_key: row.task_id,
    filings: row.filings,
    totals: totalsOfColumns(row, options.cells),
  }));
}

/**
 * Totals of a task per province, 行业, 规模 and 重点 flag (group_key 'province|industry|size|key'), folded or not,
 * for a region no smaller than a province.
 */
export async function listAttributeTotals(
  db: Database,
  options: { taskId: string; provincePrefix: string; level: AdminLevel; includeSubmitted: boolean },
): Promise<TotalsRow[]> {
  const result = await sql<TotalsRow>`
    select t.task_id, concat_ws('|', t.province_code, t.industry_code, t.size_code, t.is_key_enterprise::text) as group_key,
           sum(t.filings)::int as filings, aggregation_sum_totals(t.totals) as totals
    from (select task_id, province_code, industry_code, size_code, is_key_enterprise, status, pending_level, filings, totals
          from aggregation_attribute_totals
          where task_id = ${options.taskId} and province_code like ${`${options.provincePrefix}%`}
          union all
          ${unfoldedAttributeRows(sql`d.task_id = ${options.taskId} and d.region_code like ${`${options.provincePrefix}%`}`)}) t
    where ${countedTotals(options.level, options.includeSubmitted)}
    group by t.task_id, t.province_code, t.industry_code, t.size_code, t.is_key_enterprise, t.status, t.pending_level
    having sum(t.filings) <> 0`.execute(db);
  return result.rows;
}
