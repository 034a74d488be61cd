import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// 按时上报 counts a filing whose first submission (its first frozen revision) came by its deadline. The 催报 page,
// the pass-up and the 工作台 read that time for every obligation of a region; at national scale (50,000) a
// lookup into filing_revisions per obligation was a large part of the count. Each filing carries the time of
// its first submission, kept by a trigger on filing_revisions so no writer can forget it (revisions are frozen;
// an update or delete, were there one, recomputes it).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('filings').addColumn('first_submitted_at', 'timestamptz').execute();
  await sql`update filings set first_submitted_at = first.submitted_at
    from (select filing_id, min(submitted_at) as submitted_at from filing_revisions group by filing_id) first
    where first.filing_id = filings.id`.execute(db);
  await sql`create function filings_track_first_submission() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update filings set first_submitted_at =
        (select min(submitted_at) from filing_revisions where filing_id = old.filing_id)
      where id = old.filing_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    update filings set first_submitted_at =
        (select min(submitted_at) from filing_revisions where filing_id = new.filing_id)
      where id = new.filing_id and first_submitted_at is distinct from
        (select min(submitted_at) from filing_revisions where filing_id = new.filing_id);
  end if;
  return null;
end $$`.execute(db);
  await sql`create trigger filing_revisions_first_submission
    after insert or update of submitted_at, filing_id or delete on filing_revisions
    for each row execute function filings_track_first_submission()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger filing_revisions_first_submission on filing_revisions`.execute(db);
  await sql`drop function filings_track_first_submission()`.execute(db);
  await db.schema.alterTable('filings').dropColumn('first_submitted_at').execute();
}
