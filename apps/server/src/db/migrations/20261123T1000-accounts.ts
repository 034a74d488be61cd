import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Accounts: self-registration (an enterprise user may exist before it is bound to an enterprise),
// real-name verification, uploaded documents, profiles, SMS codes and the development outbox,
// image captchas, login failures for throttling, and the IP address on audit events.

export async function up(db: Kysely<any>): Promise<void> {
  // A registered enterprise user is unbound until it binds to an enterprise of the directory.
  await db.schema.alterTable('users').dropConstraint('users_role_shape').execute();
  await db.schema
    .alterTable('users')
    .addCheckConstraint(
      'users_role_shape',
      sql`(role = 'enterprise' and admin_level is null) or (role = 'admin' and enterprise_id is null and admin_level is not null)`,
    )
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('account_type', 'text', (col) =>
      col.check(sql`account_type is null or account_type in ('natural_person','legal_person')`),
    )
    .addColumn('verified_at', 'timestamptz')
    .addColumn('bound_at', 'timestamptz')
    .addColumn('is_enterprise_manager', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_by', 'uuid', (col) => col.references('users.id'))
    .addColumn('password_changed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('users_enterprise_id_idx').on('users').column('enterprise_id').execute();
  await db.schema.createIndex('users_mobile_idx').on('users').column('mobile').execute();

  await db.schema
    .createTable('account_documents')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('identity_document','business_license')`),
    )
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('media_type', 'text', (col) => col.notNull())
    .addColumn('byte_size', 'integer', (col) => col.notNull())
    .addColumn('content', 'bytea', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('account_documents_user_id_idx')
    .on('account_documents')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('identity_verifications')
    .addColumn('user_id', 'uuid', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('account_type', 'text', (col) =>
      col.notNull().check(sql`account_type in ('natural_person','legal_person')`),
    )
    .addColumn('real_name', 'text', (col) => col.notNull())
    .addColumn('id_type', 'text', (col) => col.notNull())
    .addColumn('id_number', 'text', (col) => col.notNull())
    .addColumn('contact_address', 'text', (col) => col.notNull())
    .addColumn('valid_from', 'date', (col) => col.notNull())
    .addColumn('valid_until', 'date')
    .addColumn('organization_type', 'text')
    .addColumn('uscc', 'varchar(18)')
    .addColumn('organization_name', 'text')
    .addColumn('legal_person_type', 'text')
    .addColumn('identity_document_id', 'uuid', (col) => col.notNull().references('account_documents.id'))
    .addColumn('business_license_id', 'uuid', (col) => col.references('account_documents.id'))
    .addColumn('verified_at', 'timestamptz', (col) => col.notNull())
    .execute();
  // 一个企业只有一个法人账号: the database keeps the rule even if two registrations race.
  await sql`create unique index identity_verifications_legal_person_uscc_key
    on identity_verifications (uscc) where account_type = 'legal_person'`.execute(db);

  await db.schema
    .createTable('account_profiles')
    .addColumn('user_id', 'uuid', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('contact_address', 'text')
    .addColumn('enterprise_nature', 'text')
    .addColumn('economic_type', 'text')
    .addColumn('employee_count', 'integer')
    .addColumn('registered_address', 'text')
    .addColumn('postal_code', 'varchar(6)')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('sms_codes')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('mobile', 'varchar(11)', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('code_hash', 'text', (col) => col.notNull())
    .addColumn('ip_address', 'text')
    .addColumn('failed_attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('consumed_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('sms_codes_mobile_purpose_idx')
    .on('sms_codes')
    .columns(['mobile', 'purpose', 'created_at'])
    .execute();
  await db.schema
    .createIndex('sms_codes_ip_created_idx')
    .on('sms_codes')
    .columns(['ip_address', 'created_at'])
    .execute();

  await db.schema
    .createTable('sms_outbox')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('mobile', 'varchar(11)', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('sms_outbox_mobile_created_idx')
    .on('sms_outbox')
    .columns(['mobile', 'created_at'])
    .execute();

  await db.schema
    .createTable('captchas')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('answer_hash', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('login_failures')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('username', 'text', (col) => col.notNull())
    .addColumn('ip_address', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('login_failures_username_idx')
    .on('login_failures')
    .columns(['username', 'created_at'])
    .execute();
  await db.schema
    .createIndex('login_failures_ip_idx')
    .on('login_failures')
    .columns(['ip_address', 'created_at'])
    .execute();

  await db.schema.alterTable('audit_events').addColumn('ip_address', 'text').execute();
  await db.schema
    .createIndex('audit_events_created_at_idx')
    .on('audit_events')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_events_created_at_idx').execute();
  await db.schema.alterTable('audit_events').dropColumn('ip_address').execute();
  for (const table of [
    'login_failures',
    'captchas',
    'sms_outbox',
    'sms_codes',
    'account_profiles',
    'identity_verifications',
    'account_documents',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('users_mobile_idx').execute();
  await db.schema.dropIndex('users_enterprise_id_idx').execute();
  await db.schema
    .alterTable('users')
    .dropColumn('account_type')
    .dropColumn('verified_at')
    .dropColumn('bound_at')
    .dropColumn('is_enterprise_manager')
    .dropColumn('created_by')
    .dropColumn('password_changed_at')
    .execute();
  await db.schema.alterTable('users').dropConstraint('users_role_shape').execute();
  await db.schema
    .alterTable('users')
    .addCheckConstraint(
      'users_role_shape',
      sql`(role = 'enterprise' and enterprise_id is not null and admin_level is null) or (role = 'admin' and enterprise_id is null and admin_level is not null)`,
    )
    .execute();
}
