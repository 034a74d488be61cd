import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Pass-up that means what it says (issue 17): a region's pass-up keeps the figures and totals it passed
// (snapshot) and is re-opened ('reopened') when a later change below alters them; obligations an administrator
// excuses (免报) with a reason; an upper level's takeover of a region's review (代为审核), marked on the review
// rows it writes; notices to a region's administrators (reminders, returns, re-opened pass-ups), through the
// outbox like the enterprises' notices.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table region_submissions drop constraint region_submissions_status_check`.execute(db);
  await sql`alter table region_submissions add constraint region_submissions_status_check
    check (status in ('submitted', 'returned', 'reopened'))`.execute(db);
  await sql`alter table region_submissions
    add column snapshot jsonb,
    add column reopened_at timestamptz,
    add column reopen_difference jsonb,
    add column taken_over_by_region_code varchar(6) references regions(code)`.execute(db);

  await sql`create table obligation_excusals (
    id uuid primary key default gen_random_uuid(),
    task_id uuid not null references survey_tasks(id),
    enterprise_id uuid not null references enterprises(id),
    reason text not null check (reason in ('closed', 'deregistered', 'moved-out', 'out-of-scope')),
    note text,
    excused_by uuid not null references users(id),
    excused_level text not null,
    created_at timestamptz not null default now(),
    constraint obligation_excusals_task_enterprise_key unique (task_id, enterprise_id)
  )`.execute(db);

  await sql`create table region_takeovers (
    id uuid primary key default gen_random_uuid(),
    task_id uuid not null references survey_tasks(id),
    region_code varchar(6) not null references regions(code),
    level text not null,
    by_region_code varchar(6) not null references regions(code),
    by_level text not null,
    by_user uuid not null references users(id),
    reason text not null check (reason in ('deadline-passed', 'no-active-admin')),
    created_at timestamptz not null default now(),
    constraint region_takeovers_task_region_key unique (task_id, region_code)
  )`.execute(db);

  await sql`alter table filing_reviews add column taken_over_by_level text`.execute(db);

  await sql`create table region_notices (
    id uuid primary key default gen_random_uuid(),
    region_code varchar(6) not null references regions(code),
    kind text not null,
    title text not null,
    body text not null,
    task_id uuid references survey_tasks(id),
    sent_by uuid references users(id),
    created_at timestamptz not null default now(),
    read_at timestamptz
  )`.execute(db);
  await sql`create index region_notices_region_idx on region_notices (region_code, created_at)`.execute(db);

  await sql`alter table outbox drop constraint outbox_kind_check`.execute(db);
  await sql`alter table outbox add constraint outbox_kind_check
    check (kind in ('sms', 'notice', 'region-notice'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table outbox drop constraint outbox_kind_check`.execute(db);
  await sql`alter table outbox add constraint outbox_kind_check check (kind in ('sms', 'notice'))`.execute(
    db,
  );
  await sql`drop table region_notices`.execute(db);
  await sql`alter table filing_reviews drop column taken_over_by_level`.execute(db);
  await sql`drop table region_takeovers`.execute(db);
  await sql`drop table obligation_excusals`.execute(db);
  await sql`alter table region_submissions
    drop column snapshot, drop column reopened_at, drop column reopen_difference,
    drop column taken_over_by_region_code`.execute(db);
  await sql`alter table region_submissions drop constraint region_submissions_status_check`.execute(db);
  await sql`alter table region_submissions add constraint region_submissions_status_check
    check (status in ('submitted', 'returned'))`.execute(db);
}
