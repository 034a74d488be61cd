import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// 分规模 by the filing's own 企业规模 (issue 17, finding 11): an annual report carries B16, derived from its
// 从业人员期末人数 (business D10) and 营业收入 (finance F30, 千元) by 统计上大中小微型企业划分办法(2017) for
// software and IT services; 汇总 grouped every filing under the directory's size (未划型 for most). The kept
// totals now take a filing's size from its own figures when it is an annual report (it has the basic form),
// the directory's otherwise (monthly reports carry no size). filing_size_code is tested against the survey
// package's classifyEnterpriseSize. Counted annual filings already kept under another size are moved.

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
    where f.enterprise_id = new.id and filing_is_counted(f.status);
    return null;
  end $$`;

/** Moves the counted annual filings between the directory's size and their own (sign −1 then +1, or back). */
function moveAnnualFilings(db: Kysely<any>, direction: 'to-filing' | 'to-directory') {
  const own = sql`filing_size_code(f.cell_values, e.size_code)`;
  const directory = sql`coalesce(e.size_code, '')`;
  const [from, to] = direction === 'to-filing' ? [directory, own] : [own, directory];
  return sql`insert into aggregation_deltas
    select f.task_id, e.region_code, e.industry_code, moved.size_code, e.is_key_enterprise,
           f.status, coalesce(f.pending_level, ''), moved.sign, f.cell_values
    from filings f join enterprises e on e.id = f.enterprise_id
    cross join lateral (values (${from}, -1), (${to}, 1)) as moved(size_code, sign)
    where filing_is_counted(f.status) and f.cell_values ? 'basic'
      and filing_size_code(f.cell_values, e.size_code) <> coalesce(e.size_code, '')`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function filing_size_code(cell_values jsonb, directory_size text) returns text
    language sql immutable as $$
    select case when cell_values ? 'basic' then (
      select case
        when employees >= 300 and revenue >= 10000 then '1'
        when employees >= 100 and revenue >= 1000 then '2'
        when employees >= 10 and revenue >= 50 then '3'
        else '4' end
      from (select
        case when jsonb_typeof(cell_values->'business'->'D10') = 'number'
          then (cell_values->'business'->>'D10')::numeric else 0 end as employees,
        case when jsonb_typeof(cell_values->'finance'->'F30') = 'number'
          then (cell_values->'finance'->>'F30')::numeric / 10 else 0 end as revenue) figures)
    else coalesce(directory_size, '') end
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
      select old.task_id, e.region_code, e.industry_code, filing_size_code(old.cell_values, e.size_code),
             e.is_key_enterprise, old.status, coalesce(old.pending_level, ''), -1, old.cell_values
      from enterprises e where e.id = old.enterprise_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and filing_is_counted(new.status) then
      insert into aggregation_deltas
      select new.task_id, e.region_code, e.industry_code, filing_size_code(new.cell_values, e.size_code),
             e.is_key_enterprise, new.status, coalesce(new.pending_level, ''), 1, new.cell_values
      from enterprises e where e.id = new.enterprise_id;
    end if;
    return null;
  end $$`.execute(db);

  await sql`create or replace function aggregation_track_enterprise() returns trigger language plpgsql as $$
  begin
    insert into aggregation_deltas
    select f.task_id, moved.region_code, moved.industry_code, filing_size_code(f.cell_values, moved.size_code),
           moved.is_key_enterprise, f.status, coalesce(f.pending_level, ''), moved.sign, f.cell_values
    from filings f
    cross join (values (old.region_code, old.industry_code, old.size_code, old.is_key_enterprise, -1),
                       (new.region_code, new.industry_code, new.size_code, new.is_key_enterprise, 1))
      as moved(region_code, industry_code, size_code, is_key_enterprise, sign)
    where f.enterprise_id = new.id and filing_is_counted(f.status);
    return null;
  end $$`.execute(db);

  await moveAnnualFilings(db, 'to-filing');
}

export async function down(db: Kysely<any>): Promise<void> {
  await moveAnnualFilings(db, 'to-directory');
  await previousTrackEnterprise.execute(db);
  await previousTrackFiling.execute(db);
  await sql`drop function filing_size_code(jsonb, text)`.execute(db);
}
