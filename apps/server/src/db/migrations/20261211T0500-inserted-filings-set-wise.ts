import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Inserted filings counted in 汇总 set-wise (issue 21, the import of 650,000 past filings): the row trigger of
// 20261124T1000 ran a PL/pgSQL call and an INSERT … SELECT per filing and queued a copy of each filing's JSON,
// which the fold then took apart again — about half of a bulk import's time. Inserts now go through a statement
// trigger with the statement's inserted rows (a transition table); updates and deletes keep the row trigger.
//
// It does one of two things, both ending in exactly the totals the row trigger's deltas fold into:
// - by default, it queues the same deltas the row trigger queued (one per counted filing), in one statement, so
//   a writer never waits on the fold's lock;
// - in a transaction that set `zhibao.fold_inserted_filings` to 'on' (a bulk load: the old platform's import),
//   it adds the inserted filings to the kept totals at once, as one fold of those rows (the fold's statement of
//   aggregation.repository.ts, its source the inserted rows instead of the queue), under the fold's lock, which
//   the transaction then holds until it ends.

const previousFilingTrigger = sql`create trigger filings_aggregation_track after insert or update or delete on filings
  for each row execute function aggregation_track_filing()`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger filings_aggregation_track on filings`.execute(db);
  await sql`create trigger filings_aggregation_track after update or delete on filings
    for each row execute function aggregation_track_filing()`.execute(db);

  await sql`create function aggregation_track_inserted_filings() returns trigger language plpgsql as $$
  begin
    if current_setting('zhibao.fold_inserted_filings', true) is distinct from 'on' then
      insert into aggregation_deltas
      select i.task_id, e.region_code, e.industry_code, filing_size_code(i.cell_values, e.size_code),
             e.is_key_enterprise, i.status, coalesce(i.pending_level, ''), 1, i.cell_values
      from inserted i join enterprises e on e.id = i.enterprise_id
      where filing_is_counted(i.status);
      return null;
    end if;

    -- The fold's lock (aggregation.repository.ts, FOLD_LOCK): one writer of the kept totals at a time.
    perform pg_advisory_xact_lock(20261124);
    with moved as (
      select i.task_id, e.region_code, e.industry_code, filing_size_code(i.cell_values, e.size_code) as size_code,
             e.is_key_enterprise, i.status, coalesce(i.pending_level, '') as pending_level, 1 as sign, i.cell_values
      from inserted i join enterprises e on e.id = i.enterprise_id
      where filing_is_counted(i.status)
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
    )
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
          totals = aggregation_add_totals(kept.totals, excluded.totals);
    return null;
  end $$`.execute(db);
  await sql`create trigger filings_aggregation_track_inserted after insert on filings
    referencing new table as inserted
    for each statement execute function aggregation_track_inserted_filings()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger filings_aggregation_track_inserted on filings`.execute(db);
  await sql`drop function aggregation_track_inserted_filings()`.execute(db);
  await sql`drop trigger filings_aggregation_track on filings`.execute(db);
  await previousFilingTrigger.execute(db);
}
