import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// History and change requests: every changed cell of a filing (who, when, from where, old → new), and the
// enterprise's 更正申请 to reopen a filing locked by final acceptance.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('filing_value_changes')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('filing_id', 'uuid', (col) => col.notNull().references('filings.id'))
    .addColumn('form_id', 'text', (col) => col.notNull())
    .addColumn('cell_key', 'text', (col) => col.notNull())
    .addColumn('old_value', 'jsonb')
    .addColumn('new_value', 'jsonb')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('actor_user_id', 'uuid', (col) => col.references('users.id'))
    .addColumn('changed_at', 'timestamptz', (col) => col.notNull())
    .addColumn('ip_address', 'text')
    .execute();
  await db.schema
    .createIndex('filing_value_changes_filing_idx')
    .on('filing_value_changes')
    .columns(['filing_id', 'changed_at'])
    .execute();

  await db.schema
    .createTable('change_requests')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('filing_id', 'uuid', (col) => col.notNull().references('filings.id'))
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('pending','granted','refused')`))
    .addColumn('deciding_level', 'text', (col) => col.notNull())
    .addColumn('requested_by', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('requested_at', 'timestamptz', (col) => col.notNull())
    .addColumn('decided_by', 'uuid', (col) => col.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema
    .createIndex('change_requests_filing_idx')
    .on('change_requests')
    .column('filing_id')
    .execute();
  // One open request per filing, even when two filers apply at the same moment.
  await db.schema
    .createIndex('change_requests_one_pending_key')
    .on('change_requests')
    .column('filing_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('change_requests').execute();
  await db.schema.dropTable('filing_value_changes').execute();
}
