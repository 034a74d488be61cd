import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('code', 'varchar(6)', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('level', 'text', (col) =>
      col.notNull().check(sql`level in ('nation','province','city','county')`),
    )
    .addColumn('parent_code', 'varchar(6)', (col) => col.references('regions.code'))
    .execute();

  await db.schema
    .createTable('enterprises')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('uscc', 'varchar(18)', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('region_code', 'varchar(6)', (col) => col.notNull().references('regions.code'))
    .addColumn('legal_representative', 'text', (col) => col.notNull())
    .addColumn('industry_code', 'varchar(4)', (col) => col.notNull())
    .addColumn('is_in_scope', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('is_key_enterprise', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('has_ai_business', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('enterprises_region_code_idx')
    .on('enterprises')
    .column('region_code')
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('username', 'text', (col) => col.notNull().unique())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('mobile', 'varchar(11)')
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('enterprise','admin')`))
    .addColumn('admin_level', 'text', (col) =>
      col.check(sql`admin_level is null or admin_level in ('county','city','province','ministry')`),
    )
    .addColumn('region_code', 'varchar(6)', (col) => col.notNull().references('regions.code'))
    .addColumn('enterprise_id', 'uuid', (col) => col.references('enterprises.id'))
    .addColumn('is_disabled', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'users_role_shape',
      sql`(role = 'enterprise' and enterprise_id is not null and admin_level is null) or (role = 'admin' and enterprise_id is null and admin_level is not null)`,
    )
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('survey_tasks')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('edition_id', 'text', (col) => col.notNull())
    .addColumn('period_type', 'text', (col) => col.notNull().check(sql`period_type in ('month','year')`))
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('owner_level', 'text', (col) => col.notNull())
    .addColumn('owner_region_code', 'varchar(6)', (col) => col.notNull().references('regions.code'))
    .addColumn('opens_at', 'timestamptz', (col) => col.notNull())
    .addColumn('closes_at', 'timestamptz', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('survey_tasks_owner_period_key', ['owner_region_code', 'period_type', 'period'])
    .execute();

  await db.schema
    .createTable('filings')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('task_id', 'uuid', (col) => col.notNull().references('survey_tasks.id'))
    .addColumn('enterprise_id', 'uuid', (col) => col.notNull().references('enterprises.id'))
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('draft','submitted','returned','approved')`),
    )
    .addColumn('pending_level', 'text')
    .addColumn('cell_values', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('explanations', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('deadline_extended_until', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid', (col) => col.references('users.id'))
    .addUniqueConstraint('filings_task_enterprise_key', ['task_id', 'enterprise_id'])
    .execute();
  await db.schema.createIndex('filings_enterprise_id_idx').on('filings').column('enterprise_id').execute();
  await db.schema
    .createIndex('filings_task_status_idx')
    .on('filings')
    .columns(['task_id', 'status'])
    .execute();

  await db.schema
    .createTable('filing_revisions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('filing_id', 'uuid', (col) => col.notNull().references('filings.id'))
    .addColumn('revision_no', 'integer', (col) => col.notNull())
    .addColumn('cell_values', 'jsonb', (col) => col.notNull())
    .addColumn('explanations', 'jsonb', (col) => col.notNull())
    .addColumn('submitted_by', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('submitted_at', 'timestamptz', (col) => col.notNull())
    .addUniqueConstraint('filing_revisions_filing_revision_key', ['filing_id', 'revision_no'])
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('actor_user_id', 'uuid', (col) => col.references('users.id'))
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('subject_type', 'text', (col) => col.notNull())
    .addColumn('subject_id', 'text', (col) => col.notNull())
    .addColumn('region_code', 'varchar(6)')
    .addColumn('details', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('request_id', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('audit_events_subject_idx')
    .on('audit_events')
    .columns(['subject_type', 'subject_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_events',
    'filing_revisions',
    'filings',
    'survey_tasks',
    'sessions',
    'users',
    'enterprises',
    'regions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
