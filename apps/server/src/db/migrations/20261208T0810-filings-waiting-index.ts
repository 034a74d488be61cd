import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// The review queue and its pass-up checks read the filings of a task waiting at one level. With only
// (task_id, status) the scan visits every submitted filing of the task, at every level (22,268 rows for 3,665
// waiting at one level in the national benchmark); this partial index reaches the level's own rows.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index filings_waiting_at_level_idx on filings (task_id, pending_level, submitted_at)
    where status = 'submitted'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index filings_waiting_at_level_idx`.execute(db);
}
