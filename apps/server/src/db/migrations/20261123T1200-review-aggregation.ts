import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Administrators' side: configurable review chains, task scope and review deadlines, directory scope
// facts with a manual override, review actions with per-cell comments, notices, and region pass-up.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('review_chains')
    .addColumn('province_code', 'varchar(6)', (col) => col.primaryKey().references('regions.code'))
    .addColumn('levels', 'jsonb', (col) => col.notNull())
    .addColumn('delegates', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable('survey_tasks')
    .addColumn('audience', 'text', (col) =>
      col
        .notNull()
        .defaultTo('by-period')
        .check(sql`audience in ('by-period','in-scope','key-enterprises')`),
    )
    .execute();
  await db.schema
    .alterTable('survey_tasks')
    .addColumn('scope_region_codes', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema
    .alterTable('survey_tasks')
    .addColumn('review_deadlines', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .alterTable('survey_tasks')
    .addColumn('published_by', 'uuid', (col) => col.references('users.id'))
    .execute();

  for (const [name, type] of [
    ['main_revenue', 'double precision'],
    ['software_revenue', 'double precision'],
    ['ic_design_revenue', 'double precision'],
    ['size_code', 'varchar(1)'],
    ['scope_override_reason', 'text'],
  ] as const) {
    await db.schema.alterTable('enterprises').addColumn(name, type).execute();
  }
  await db.schema
    .alterTable('enterprises')
    .addColumn('is_special_activity', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable('enterprises')
    .addColumn('is_scope_overridden', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable('filing_reviews')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('filing_id', 'uuid', (col) => col.notNull().references('filings.id'))
    .addColumn('level', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) =>
      col.notNull().check(sql`action in ('approve','return','send-back')`),
    )
    .addColumn('reason', 'text')
    .addColumn('cell_comments', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('explanation_verdicts', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('revision_no', 'integer')
    .addColumn('actor_user_id', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('filing_reviews_filing_idx').on('filing_reviews').column('filing_id').execute();

  await db.schema
    .createTable('notices')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('enterprise_id', 'uuid', (col) => col.notNull().references('enterprises.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('filing_id', 'uuid', (col) => col.references('filings.id'))
    .addColumn('task_id', 'uuid', (col) => col.references('survey_tasks.id'))
    .addColumn('sent_by', 'uuid', (col) => col.references('users.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('notices_enterprise_idx').on('notices').column('enterprise_id').execute();

  await db.schema
    .createTable('region_submissions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('task_id', 'uuid', (col) => col.notNull().references('survey_tasks.id'))
    .addColumn('region_code', 'varchar(6)', (col) => col.notNull().references('regions.code'))
    .addColumn('level', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('submitted','returned')`))
    .addColumn('submitted_by', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('submitted_at', 'timestamptz', (col) => col.notNull())
    .addColumn('return_reason', 'text')
    .addColumn('returned_by', 'uuid', (col) => col.references('users.id'))
    .addColumn('returned_at', 'timestamptz')
    .addUniqueConstraint('region_submissions_task_region_key', ['task_id', 'region_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['region_submissions', 'notices', 'filing_reviews', 'review_chains']) {
    await db.schema.dropTable(table).execute();
  }
  for (const column of ['audience', 'scope_region_codes', 'review_deadlines', 'published_by']) {
    await db.schema.alterTable('survey_tasks').dropColumn(column).execute();
  }
  for (const column of [
    'main_revenue',
    'software_revenue',
    'ic_design_revenue',
    'size_code',
    'scope_override_reason',
    'is_special_activity',
    'is_scope_overridden',
  ]) {
    await db.schema.alterTable('enterprises').dropColumn(column).execute();
  }
}
