import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Side effects through an outbox (issue 15): a state change writes what it must cause (an in-app notice, an SMS)
// as outbox rows in its own transaction; a worker claims due rows (FOR UPDATE SKIP LOCKED, with a lease), does
// them, and marks them processed, retrying with backoff. Nothing is lost when the process dies after commit.
// An SMS carries its outbox row's id as idempotency key; the development SMS outbox keeps it unique, so a send
// repeated after a crash between sending and marking is recorded once.
// 汇总 reads no longer fold: they sum the kept totals and the pending deltas with aggregation_sum_totals.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table outbox (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('sms', 'notice')),
    payload jsonb not null,
    created_at timestamptz not null default now(),
    available_at timestamptz not null default now(),
    attempts integer not null default 0,
    locked_until timestamptz,
    last_error text,
    processed_at timestamptz,
    failed_at timestamptz
  )`.execute(db);
  await sql`create index outbox_pending_idx on outbox (available_at)
    where processed_at is null and failed_at is null`.execute(db);

  await sql`alter table sms_outbox add column idempotency_key uuid`.execute(db);
  await sql`create unique index sms_outbox_idempotency_key_key on sms_outbox (idempotency_key)`.execute(db);

  await sql`create aggregate aggregation_sum_totals(jsonb) (
    sfunc = aggregation_add_totals, stype = jsonb, initcond = '{}'
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop aggregate aggregation_sum_totals(jsonb)`.execute(db);
  await sql`drop index sms_outbox_idempotency_key_key`.execute(db);
  await sql`alter table sms_outbox drop column idempotency_key`.execute(db);
  await sql`drop table outbox`.execute(db);
}
