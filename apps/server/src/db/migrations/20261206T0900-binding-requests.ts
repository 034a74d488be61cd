import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Binding requests (issue 14): binding to an enterprise is a request that the enterprise's account manager or an
// administrator of its region grants; nothing is bound on public facts alone. 实名认证 is recorded as submitted
// and confirmed only by that review (or an identity/registry check); the 法人 uniqueness rule applies to
// confirmed verifications, so nobody can squat an enterprise's 法人 slot with an unreviewed claim.
// Binding attempts are kept for throttling, and 授权委托书 becomes a document kind.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('identity_verifications')
    .addColumn('review_status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('submitted')
        .check(sql`review_status in ('submitted','confirmed')`),
    )
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('confirmed_by', 'uuid', (col) => col.references('users.id'))
    .addColumn('confirmed_via', 'text', (col) =>
      col.check(sql`confirmed_via is null or confirmed_via in ('administrator','registry')`),
    )
    .execute();
  await sql`drop index identity_verifications_legal_person_uscc_key`.execute(db);
  await sql`create unique index identity_verifications_confirmed_legal_person_uscc_key
    on identity_verifications (uscc) where account_type = 'legal_person' and review_status = 'confirmed'`.execute(
    db,
  );

  await db.schema.alterTable('account_documents').dropConstraint('account_documents_kind_check').execute();
  await db.schema
    .alterTable('account_documents')
    .addCheckConstraint(
      'account_documents_kind_check',
      sql`kind in ('identity_document','business_license','authorization_letter')`,
    )
    .execute();

  await db.schema
    .createTable('binding_requests')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'uuid', (col) => col.notNull().references('enterprises.id'))
    .addColumn('reviewer', 'text', (col) => col.notNull().check(sql`reviewer in ('manager','administrator')`))
    .addColumn('is_legal_person_claim', 'boolean', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending','approved','refused','withdrawn')`),
    )
    .addColumn('business_license_id', 'uuid', (col) => col.references('account_documents.id'))
    .addColumn('authorization_letter_id', 'uuid', (col) => col.references('account_documents.id'))
    .addColumn('registry_result', 'text', (col) =>
      col.notNull().check(sql`registry_result in ('confirmed','unconfirmed')`),
    )
    .addColumn('requested_at', 'timestamptz', (col) => col.notNull())
    .addColumn('decided_by', 'uuid', (col) => col.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_reason', 'text')
    .execute();
  // One open request per account, even when two submissions race.
  await db.schema
    .createIndex('binding_requests_one_pending_key')
    .on('binding_requests')
    .column('user_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('binding_requests_enterprise_status_idx')
    .on('binding_requests')
    .columns(['enterprise_id', 'status'])
    .execute();
  await db.schema
    .createIndex('binding_requests_status_requested_idx')
    .on('binding_requests')
    .columns(['status', 'requested_at'])
    .execute();

  await db.schema
    .createTable('binding_attempts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('ip_address', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('binding_attempts_user_idx')
    .on('binding_attempts')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('binding_attempts_ip_idx')
    .on('binding_attempts')
    .columns(['ip_address', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('binding_attempts').execute();
  await db.schema.dropTable('binding_requests').execute();
  await db.schema.alterTable('account_documents').dropConstraint('account_documents_kind_check').execute();
  await db.schema
    .alterTable('account_documents')
    .addCheckConstraint('account_documents_kind_check', sql`kind in ('identity_document','business_license')`)
    .execute();
  await sql`drop index identity_verifications_confirmed_legal_person_uscc_key`.execute(db);
  await sql`create unique index identity_verifications_legal_person_uscc_key
    on identity_verifications (uscc) where account_type = 'legal_person'`.execute(db);
  await db.schema
    .alterTable('identity_verifications')
    .dropColumn('review_status')
    .dropColumn('confirmed_at')
    .dropColumn('confirmed_by')
    .dropColumn('confirmed_via')
    .execute();
}
