import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Moving in from the old 软件和信息技术服务业运行监测平台 (issue 21): an account moved in keeps its old password hash
// until its first sign-in, which rehashes it and asks for a new password; past filings come in as approved
// filings of closed historical tasks, flagged as migrated, with the findings of the audit of their period's edition;
// each import run is kept with its counts and every row it refused (file, row, column, reason).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('moved_in_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('survey_tasks')
    .addColumn('is_historical', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable('filings')
    .addColumn('is_migrated', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('migration_findings', 'jsonb')
    .execute();

  await db.schema
    .createTable('migration_import_runs')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('started_by', 'uuid', (col) => col.references('users.id'))
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('running','finished','failed')`))
    .addColumn('progress', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('counts', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('migration_import_refusals')
    .addColumn('run_id', 'uuid', (col) =>
      col.notNull().references('migration_import_runs.id').onDelete('cascade'),
    )
    .addColumn('file', 'text', (col) => col.notNull())
    .addColumn('row_number', 'integer', (col) => col.notNull())
    .addColumn('column_name', 'text')
    .addColumn('reason', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('migration_import_refusals_run_idx')
    .on('migration_import_refusals')
    .columns(['run_id', 'file', 'row_number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('migration_import_refusals').execute();
  await db.schema.dropTable('migration_import_runs').execute();
  await db.schema.alterTable('filings').dropColumn('migration_findings').dropColumn('is_migrated').execute();
  await db.schema.alterTable('survey_tasks').dropColumn('is_historical').execute();
  await db.schema.alterTable('users').dropColumn('moved_in_at').dropColumn('must_change_password').execute();
}
