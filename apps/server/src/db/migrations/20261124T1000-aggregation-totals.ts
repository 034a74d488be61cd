import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// National scale (docs/performance.md): 汇总 totals kept up to date as filings change instead of summed from
// every filing's JSON on each read, and the index region drill-downs need.
//
// A trigger on filings appends each counted filing's contribution (+1 when it starts counting, −1 when it stops
// or changes) to aggregation_deltas; readers fold the pending deltas into two small tables of totals: per
// district, and per province × 行业 × 规模 × 重点. Appending never waits on another writer, so submissions at
// the deadline do not queue on a shared totals row; only the fold takes a lock, and it holds few rows.

export async function up(db: Kysely<any>): Promise<void> {
  // LIKE '4403%' on a region code: the default collation's btree cannot serve prefix searches.
  await sql`create index enterprises_region_code_pattern_idx on enterprises (region_code text_pattern_ops)`.execute(
    db,
  );

  await sql`create table aggregation_deltas (
    task_id uuid not null,
    region_code varchar(6) not null,
    industry_code varchar(4) not null,
    size_code varchar(1) not null,
    is_key_enterprise boolean not null,
    status text not null,
    pending_level text not null,
    sign smallint not null,
    cell_values jsonb not null
  )`.execute(db);

  await sql`create table aggregation_region_totals (
    task_id uuid not null,
    region_code varchar(6) not null,
    status text not null,
    pending_level text not null,
    filings integer not null,
    totals jsonb not null,
    primary key (task_id, region_code, status, pending_level)
  )`.execute(db);

  await sql`create table aggregation_attribute_totals (
    task_id uuid not null,
    province_code varchar(2) not null,
    industry_code varchar(4) not null,
    size_code varchar(1) not null,
    is_key_enterprise boolean not null,
    status text not null,
    pending_level text not null,
    filings integer not null,
    totals jsonb not null,
    primary key (task_id, province_code, industry_code, size_code, is_key_enterprise, status, pending_level)
  )`.execute(db);

  // Sums two {form: {cell: number}} objects cell by cell (exact: numeric).
  await sql`create function aggregation_add_totals(a jsonb, b jsonb) returns jsonb language sql immutable as $$
    select coalesce(jsonb_object_agg(form_id, cells), '{}'::jsonb) from (
      select form_id, jsonb_object_agg(cell_key, total) as cells from (
        select form.key as form_id, cell.key as cell_key, sum(cell.value::numeric) as total
        from (select a as v union all select b) pair
        cross join lateral jsonb_each(pair.v) as form(key, value)
        cross join lateral jsonb_each(form.value) as cell(key, value)
        group by 1, 2
      ) summed group by 1
    ) forms
  $$`.execute(db);

  await sql`create function aggregation_track_filing() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE'
       and new.status is not distinct from old.status
       and new.pending_level is not distinct from old.pending_level
       and new.task_id = old.task_id
       and new.enterprise_id = old.enterprise_id
       and new.cell_values = old.cell_values then
      return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') and old.status in ('submitted', 'approved') then
      insert into aggregation_deltas
      select old.task_id, e.region_code, e.industry_code, coalesce(e.size_code, ''), e.is_key_enterprise,
             old.status, coalesce(old.pending_level, ''), -1, old.cell_values
      from enterprises e where e.id = old.enterprise_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.status in ('submitted', 'approved') then
      insert into aggregation_deltas
      select new.task_id, e.region_code, e.industry_code, coalesce(e.size_code, ''), e.is_key_enterprise,
             new.status, coalesce(new.pending_level, ''), 1, new.cell_values
      from enterprises e where e.id = new.enterprise_id;
    end if;
    return null;
  end $$`.execute(db);
  await sql`create trigger filings_aggregation_track after insert or update or delete on filings
    for each row execute function aggregation_track_filing()`.execute(db);

  // An enterprise that moves district or changes 行业/规模/重点 moves its counted filings with it.
  await sql`create function aggregation_track_enterprise() returns trigger language plpgsql as $$
  begin
    insert into aggregation_deltas
    select f.task_id, moved.region_code, moved.industry_code, coalesce(moved.size_code, ''), moved.is_key_enterprise,
           f.status, coalesce(f.pending_level, ''), moved.sign, f.cell_values
    from filings f
    cross join (values (old.region_code, old.industry_code, old.size_code, old.is_key_enterprise, -1),
                       (new.region_code, new.industry_code, new.size_code, new.is_key_enterprise, 1))
      as moved(region_code, industry_code, size_code, is_key_enterprise, sign)
    where f.enterprise_id = new.id and f.status in ('submitted', 'approved');
    return null;
  end $$`.execute(db);
  await sql`create trigger enterprises_aggregation_track
    after update of region_code, industry_code, size_code, is_key_enterprise on enterprises
    for each row when (old.region_code is distinct from new.region_code
      or old.industry_code is distinct from new.industry_code
      or old.size_code is distinct from new.size_code
      or old.is_key_enterprise is distinct from new.is_key_enterprise)
    execute function aggregation_track_enterprise()`.execute(db);

  // Filings already counted before this migration: folded on the first read.
  await sql`insert into aggregation_deltas
    select f.task_id, e.region_code, e.industry_code, coalesce(e.size_code, ''), e.is_key_enterprise,
           f.status, coalesce(f.pending_level, ''), 1, f.cell_values
    from filings f join enterprises e on e.id = f.enterprise_id
    where f.status in ('submitted', 'approved')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger enterprises_aggregation_track on enterprises`.execute(db);
  await sql`drop function aggregation_track_enterprise()`.execute(db);
  await sql`drop trigger filings_aggregation_track on filings`.execute(db);
  await sql`drop function aggregation_track_filing()`.execute(db);
  await sql`drop function aggregation_add_totals(jsonb, jsonb)`.execute(db);
  await sql`drop table aggregation_attribute_totals`.execute(db);
  await sql`drop table aggregation_region_totals`.execute(db);
  await sql`drop table aggregation_deltas`.execute(db);
  await sql`drop index enterprises_region_code_pattern_idx`.execute(db);
}
