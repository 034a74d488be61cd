import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('task_applications')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('task_id', 'uuid', (col) => col.notNull().references('survey_tasks.id'))
    .addColumn('enterprise_id', 'uuid', (col) => col.notNull().references('enterprises.id'))
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending','approved','refused')`),
    )
    .addColumn('applied_by', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('applied_at', 'timestamptz', (col) => col.notNull())
    .addColumn('decided_by', 'uuid', (col) => col.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addUniqueConstraint('task_applications_task_enterprise_key', ['task_id', 'enterprise_id'])
    .execute();
  await db.schema
    .createIndex('task_applications_enterprise_id_idx')
    .on('task_applications')
    .column('enterprise_id')
    .execute();
  await db.schema
    .createIndex('task_applications_status_idx')
    .on('task_applications')
    .column('status')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('task_applications').execute();
}
