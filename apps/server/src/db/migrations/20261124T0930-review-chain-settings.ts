import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Review-chain settings the ministry edits: the default review days per level, and who changed them last.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('review_chains')
    .addColumn('review_days', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .alterTable('review_chains')
    .addColumn('updated_by', 'uuid', (col) => col.references('users.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['updated_by', 'review_days']) {
    await db.schema.alterTable('review_chains').dropColumn(column).execute();
  }
}
