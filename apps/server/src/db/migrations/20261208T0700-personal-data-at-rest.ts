import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Personal information at rest (issue 22): 身份证号 and identity scans are stored encrypted, in place, in the
// columns that held them; `*_key_id` names the key a value was written under (null: still in the clear, as an
// earlier version wrote it — the server seals those at start-up, personal-data/seal-personal-data.ts, since a
// migration has no key). ID numbers are found by a keyed hash (HMAC) instead of by value. A scan's content is
// emptied once the retention after its verification has passed (`purged_at`).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table identity_verifications
    add column id_number_key_id text,
    add column id_number_hash text`.execute(db);
  await sql`create index identity_verifications_id_number_hash_idx on identity_verifications (id_number_hash)`.execute(
    db,
  );
  await sql`alter table account_documents
    add column content_key_id text,
    add column purged_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table account_documents drop column purged_at, drop column content_key_id`.execute(db);
  await sql`drop index identity_verifications_id_number_hash_idx`.execute(db);
  await sql`alter table identity_verifications drop column id_number_hash, drop column id_number_key_id`.execute(
    db,
  );
}
