import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Issue 17 item 10, the region workflow at national scale (50,000 enterprises). A filing row is wide (its
// values) and a task's filings lie one to a page, so any statement that read the filings of a task for their
// status read 50,000 pages (≈ 400 MB):
// - 催报, the pass-up and the 工作台 count a task's obligations from each filing's status, level, extension and
//   first submission: a covering index answers them from the index alone;
// - the 汇总 trend and the comparisons with earlier periods look up an enterprise's filings of some tasks:
//   (enterprise_id, task_id) replaces the index on enterprise_id alone;
// - the review queue's page in order of submission: the waiting index carries the id, so the page is read in
//   order and stops after its rows;
// - the queue's 代报 signal (identical values among the filings waiting with it) compared each filing's values
//   with every waiting filing's: a submitted filing carries the hash of its values (a trigger keeps it; null
//   while it is edited, so saving a draft changes no index) and the twins are found through an index.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index filings_task_facts_idx on filings (task_id, enterprise_id)
    include (id, status, pending_level, deadline_extended_until, first_submitted_at)`.execute(db);
  await sql`create index filings_enterprise_task_idx on filings (enterprise_id, task_id)`.execute(db);
  await sql`drop index filings_enterprise_id_idx`.execute(db);
  await sql`create index filings_waiting_in_order_idx on filings (task_id, pending_level, submitted_at, id)
    where status = 'submitted'`.execute(db);
  await sql`drop index filings_waiting_at_level_idx`.execute(db);

  await db.schema.alterTable('filings').addColumn('values_hash', 'text').execute();
  await sql`update filings set values_hash = md5(cell_values::text) where status = 'submitted'`.execute(db);
  await sql`create function filings_hash_submitted_values() returns trigger language plpgsql as $$
begin
  new.values_hash := case when new.status = 'submitted' then md5(new.cell_values::text) end;
  return new;
end $$`.execute(db);
  await sql`create trigger filings_values_hash before insert or update of status, cell_values on filings
    for each row execute function filings_hash_submitted_values()`.execute(db);
  await sql`create index filings_waiting_values_idx on filings (task_id, pending_level, values_hash)
    where status = 'submitted'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index filings_waiting_values_idx`.execute(db);
  await sql`drop trigger filings_values_hash on filings`.execute(db);
  await sql`drop function filings_hash_submitted_values()`.execute(db);
  await db.schema.alterTable('filings').dropColumn('values_hash').execute();
  await sql`create index filings_waiting_at_level_idx on filings (task_id, pending_level, submitted_at)
    where status = 'submitted'`.execute(db);
  await sql`drop index filings_waiting_in_order_idx`.execute(db);
  await sql`create index filings_enterprise_id_idx on filings (enterprise_id)`.execute(db);
  await sql`drop index filings_enterprise_task_idx`.execute(db);
  await sql`drop index filings_task_facts_idx`.execute(db);
}
