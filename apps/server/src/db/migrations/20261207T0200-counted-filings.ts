import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Which filings count in 汇总, defined once in SQL: the trigger that keeps the totals, the queries that read them
// and (tested against these functions) the TypeScript twin in review/review-level.ts all use it.
//
// filing_is_counted(status): a filing counts at all once submitted (submitted or approved); 汇总 with
// "include submitted" counts exactly these.
// filing_passed_review_at(status, pending_level, level): it has passed the review of `level` — approved at the last
// level, or submitted and waiting at a level above. A missing pending level ('' in the totals, null on filings)
// ranks below every level.

const previousTrackFiling = sql`create or replace function aggregation_track_filing() returns trigger language plpgsql as $$
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
  end $$`;

const previousTrackEnterprise = sql`create or replace function aggregation_track_enterprise() returns trigger language plpgsql as $$
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
  end $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function admin_level_rank(level text) returns integer language sql immutable as $$
    select case level when 'county' then 1 when 'city' then 2 when 'province' then 3 when 'ministry' then 4 else 0 end
  $$`.execute(db);
  await sql`create function filing_is_counted(status text) returns boolean language sql immutable as $$
    select coalesce(status in ('submitted', 'approved'), false)
  $$`.execute(db);
  await sql`create function filing_passed_review_at(status text, pending_level text, level text)
    returns boolean language sql immutable as $$
    select coalesce(status = 'approved'
      or (status = 'submitted' and admin_level_rank(pending_level) > admin_level_rank(level)), false)
  $$`.execute(db);

  await sql`create or replace function aggregation_track_filing() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE'
       and new.status is not distinct from old.status
       and new.pending_level is not distinct from old.pending_level
       and new.task_id = old.task_id
       and new.enterprise_id = old.enterprise_id
       and new.cell_values = old.cell_values then
      return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') and filing_is_counted(old.status) then
      insert into aggregation_deltas
      select old.task_id, e.region_code, e.industry_code, coalesce(e.size_code, ''), e.is_key_enterprise,
             old.status, coalesce(old.pending_level, ''), -1, old.cell_values
      from enterprises e where e.id = old.enterprise_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and filing_is_counted(new.status) then
      insert into aggregation_deltas
      select new.task_id, e.region_code, e.industry_code, coalesce(e.size_code, ''), e.is_key_enterprise,
             new.status, coalesce(new.pending_level, ''), 1, new.cell_values
      from enterprises e where e.id = new.enterprise_id;
    end if;
    return null;
  end $$`.execute(db);

  await sql`create or replace function aggregation_track_enterprise() returns trigger language plpgsql as $$
  begin
    insert into aggregation_deltas
    select f.task_id, moved.region_code, moved.industry_code, coalesce(moved.size_code, ''), moved.is_key_enterprise,
           f.status, coalesce(f.pending_level, ''), moved.sign, f.cell_values
    from filings f
    cross join (values (old.region_code, old.industry_code, old.size_code, old.is_key_enterprise, -1),
                       (new.region_code, new.industry_code, new.size_code, new.is_key_enterprise, 1))
      as moved(region_code, industry_code, size_code, is_key_enterprise, sign)
    where f.enterprise_id = new.id and filing_is_counted(f.status);
    return null;
  end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await previousTrackEnterprise.execute(db);
  await previousTrackFiling.execute(db);
  await sql`drop function filing_passed_review_at(text, text, text)`.execute(db);
  await sql`drop function filing_is_counted(text)`.execute(db);
  await sql`drop function admin_level_rank(text)`.execute(db);
}
