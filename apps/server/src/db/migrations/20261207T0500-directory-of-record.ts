import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// A directory of record per period (issue 17): each task's obligations (应报) are rows of task_obligations, filled
// when the task is published; a later directory change joins only open tasks, by an administrator's recorded
// decision. Existing tasks are backfilled with what was shown before: the enterprises that have a filing of the
// task, and those the task's rule (owner region, scope divisions, audience) selects from today's directory.
// Directory imports are previewed first (directory_import_previews) and applied on confirmation; a province may
// choose the scope thresholds (纳统条件) of its notice (directory_settings).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table task_obligations (
    task_id uuid not null references survey_tasks (id) on delete cascade,
    enterprise_id uuid not null references enterprises (id) on delete cascade,
    source text not null check (source in ('publication', 'backfill', 'decision')),
    joined_at timestamptz not null default now(),
    joined_by uuid references users (id),
    primary key (task_id, enterprise_id)
  )`.execute(db);
  await sql`create index task_obligations_enterprise_idx on task_obligations (enterprise_id)`.execute(db);

  await sql`insert into task_obligations (task_id, enterprise_id, source)
    select f.task_id, f.enterprise_id, 'backfill' from filings f
    on conflict do nothing`.execute(db);
  await sql`insert into task_obligations (task_id, enterprise_id, source)
    select t.id, e.id, 'backfill'
    from survey_tasks t
    join regions r on r.code = t.owner_region_code
    join enterprises e on e.region_code like (case r.level when 'nation' then '' when 'province'
      then left(r.code, 2) when 'city' then left(r.code, 4) else r.code end) || '%'
    where (jsonb_array_length(t.scope_region_codes) = 0 or exists (
        select 1 from jsonb_array_elements_text(t.scope_region_codes) as scope(code)
        where e.region_code like (case when scope.code like '%0000' then left(scope.code, 2)
          when scope.code like '%00' then left(scope.code, 4) else scope.code end) || '%'))
      and case t.audience
        when 'in-scope' then e.is_in_scope
        when 'key-enterprises' then e.is_in_scope and e.is_key_enterprise
        else case when t.period_type = 'year' then e.is_in_scope else e.is_in_scope and e.is_key_enterprise end
      end
    on conflict do nothing`.execute(db);

  await sql`create table directory_import_previews (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    region_code text not null,
    file_name text not null,
    plan jsonb not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    applied_at timestamptz
  )`.execute(db);

  await sql`create table directory_settings (
    province_code text primary key references regions (code),
    scope_thresholds_id text not null,
    updated_by uuid references users (id),
    updated_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table directory_settings`.execute(db);
  await sql`drop table directory_import_previews`.execute(db);
  await sql`drop table task_obligations`.execute(db);
}
