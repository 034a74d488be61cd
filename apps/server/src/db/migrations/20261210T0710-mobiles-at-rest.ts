import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Mobile numbers at rest (issue 22), as 20261208T0700 did for ID numbers: `users`, `sms_codes` and `sms_outbox`
// keep the number encrypted in place in `mobile` (now text: base64 ciphertext is longer than 11 digits), the id
// of its key in `mobile_key_id` (null: still in the clear, as an earlier version wrote it — the server seals
// those at start-up, personal-data/seal-personal-data.ts, since a migration has no key) and its keyed hash in
// `mobile_hash`, which the lookups use instead of the number: the indexes move to it.

const tables = [
  { table: 'users', index: 'users_mobile_idx', columns: ['mobile'] },
  { table: 'sms_codes', index: 'sms_codes_mobile_purpose_idx', columns: ['mobile', 'purpose', 'created_at'] },
  { table: 'sms_outbox', index: 'sms_outbox_mobile_created_idx', columns: ['mobile', 'created_at'] },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, index, columns } of tables) {
    await sql`drop index ${sql.raw(index)}`.execute(db);
    await sql`alter table ${sql.table(table)}
      alter column mobile type text,
      add column mobile_key_id text,
      add column mobile_hash text`.execute(db);
    const hashed = columns.map((column) => (column === 'mobile' ? 'mobile_hash' : column));
    await sql`create index ${sql.raw(`${table}_mobile_hash_idx`)}
      on ${sql.table(table)} (${sql.join(hashed.map((column) => sql.ref(column)))})`.execute(db);
  }
}

// Back to the numbers' own columns only while they are still in the clear (ciphertext fits no varchar(11)).
export async function down(db: Kysely<any>): Promise<void> {
  for (const { table, index, columns } of tables) {
    await sql`drop index ${sql.raw(`${table}_mobile_hash_idx`)}`.execute(db);
    await sql`alter table ${sql.table(table)}
      drop column mobile_hash,
      drop column mobile_key_id,
      alter column mobile type varchar(11)`.execute(db);
    await sql`create index ${sql.raw(index)}
      on ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))})`.execute(db);
  }
}
