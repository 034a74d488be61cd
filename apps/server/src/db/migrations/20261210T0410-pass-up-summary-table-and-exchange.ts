import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// What a region sends up is its official 汇总表: a pass-up keeps the table as sent (summary_table, the data both
// its .xlsx and its PDF are drawn from), so the level above reads it unchanged after later changes below. Pass-up
// packages another Zhibao instance sent (a city running its own, an association collecting for a city) are kept
// as received: one row per sender, region and task period, replaced only by a newer pass-up of the same.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table region_submissions add column summary_table jsonb`.execute(db);
  await sql`create table received_pass_ups (
    id uuid primary key default gen_random_uuid(),
    sender_key_id text not null,
    sender_name text not null,
    region_code varchar(6) not null references regions(code),
    region_name text not null,
    period_type text not null check (period_type in ('month', 'year')),
    period text not null,
    task_name text not null,
    edition_id text not null,
    passed_up_at timestamptz not null,
    package_sha256 char(64) not null,
    snapshot jsonb not null,
    summary_table jsonb not null,
    filings jsonb,
    filing_count integer not null,
    received_by uuid not null references users(id),
    received_at timestamptz not null default now(),
    constraint received_pass_ups_origin_key unique (sender_key_id, region_code, period_type, period)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table received_pass_ups`.execute(db);
  await sql`alter table region_submissions drop column summary_table`.execute(db);
}
