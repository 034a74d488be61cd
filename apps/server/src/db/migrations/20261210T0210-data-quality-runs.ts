import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// The data-quality run over a task's filings in a region (issue 18, item 5): every rule failure, warning with its
// explanation, outlier, blank or zero key indicator and disagreement between a filing's basic information and the
// directory, kept as rows (no cap) so they can be filtered and exported. A run is queued by an administrator and
// done in the background by whichever server process claims it (FOR UPDATE SKIP LOCKED plus a lease, as the
// outbox), reporting its progress as it goes; one run of a task and region is queued or running at a time.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table data_quality_runs (
    id uuid primary key default gen_random_uuid(),
    task_id uuid not null references survey_tasks(id),
    region_code text not null references regions(code),
    -- The division codes the run covers start with this ('' for the nation, '5001' for 重庆市辖区 …).
    region_prefix text not null,
    status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
    requested_by uuid references users(id),
    requested_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz,
    locked_until timestamptz,
    filings_total integer,
    filings_done integer not null default 0,
    finding_count integer not null default 0,
    error text
  )`.execute(db);
  await sql`create unique index data_quality_runs_active_key on data_quality_runs (task_id, region_code)
    where status in ('queued', 'running')`.execute(db);
  await sql`create index data_quality_runs_task_idx on data_quality_runs (task_id, requested_at)`.execute(db);

  await sql`create table data_quality_findings (
    run_id uuid not null references data_quality_runs(id) on delete cascade,
    seq integer not null,
    filing_id uuid not null references filings(id),
    enterprise_id uuid not null references enterprises(id),
    region_code text not null,
    kind text not null check (kind in ('rule-error', 'warning', 'outlier', 'blank-key', 'zero-key', 'directory-mismatch')),
    form_id text,
    cell_key text,
    rule_id text,
    message text not null,
    explanation text,
    primary key (run_id, seq)
  )`.execute(db);
  await sql`create index data_quality_findings_region_idx on data_quality_findings (run_id, region_code, kind)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table data_quality_findings`.execute(db);
  await sql`drop table data_quality_runs`.execute(db);
}
