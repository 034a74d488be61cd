import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// Sign-in through the government's identity platforms (issue 21): an account may be linked to one identity per
// provider; a sign-in in progress keeps its state, nonce and PKCE verifier until the provider answers (once); a
// first sign-in waits, with the provider's verified claims, until the person creates or links an account; a session
// opened through a provider keeps its ID token so that logging out can end the provider's session as well.
// 实名认证 confirmed by a provider has no scan, so the identity document becomes optional for it alone.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('external_identities')
    .addColumn('provider_id', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('linked_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_sign_in_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('external_identities_pkey', ['provider_id', 'subject'])
    .addUniqueConstraint('external_identities_provider_user_key', ['provider_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('external_sign_in_attempts')
    .addColumn('state_hash', 'text', (col) => col.primaryKey())
    .addColumn('provider_id', 'text', (col) => col.notNull())
    .addColumn('nonce', 'text', (col) => col.notNull())
    .addColumn('code_verifier', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('consumed_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('external_first_sign_ins')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('provider_id', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('claims', 'jsonb', (col) => col.notNull())
    .addColumn('id_token', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('consumed_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('external_sessions')
    .addColumn('session_id', 'text', (col) => col.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('provider_id', 'text', (col) => col.notNull())
    .addColumn('id_token', 'text')
    .execute();

  await db.schema
    .alterTable('identity_verifications')
    .alterColumn('identity_document_id', (col) => col.dropNotNull())
    .addColumn('identity_provider_id', 'text')
    .execute();
  await db.schema
    .alterTable('identity_verifications')
    .dropConstraint('identity_verifications_confirmed_via_check')
    .execute();
  await db.schema
    .alterTable('identity_verifications')
    .addCheckConstraint(
      'identity_verifications_confirmed_via_check',
      sql`confirmed_via is null or confirmed_via in ('administrator','registry','identity_provider')`,
    )
    .execute();
  // Scans are what a form-based 实名认证 rests on; only a provider's confirmation stands without them.
  await db.schema
    .alterTable('identity_verifications')
    .addCheckConstraint(
      'identity_verifications_evidence',
      sql`identity_document_id is not null or identity_provider_id is not null`,
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('identity_verifications')
    .dropConstraint('identity_verifications_evidence')
    .execute();
  await db.schema
    .alterTable('identity_verifications')
    .dropConstraint('identity_verifications_confirmed_via_check')
    .execute();
  await sql`delete from identity_verifications where identity_document_id is null`.execute(db);
  await db.schema
    .alterTable('identity_verifications')
    .addCheckConstraint(
      'identity_verifications_confirmed_via_check',
      sql`confirmed_via is null or confirmed_via in ('administrator','registry')`,
    )
    .execute();
  await db.schema
    .alterTable('identity_verifications')
    .dropColumn('identity_provider_id')
    .alterColumn('identity_document_id', (col) => col.setNotNull())
    .execute();
  await db.schema.dropTable('external_sessions').execute();
  await db.schema.dropTable('external_first_sign_ins').execute();
  await db.schema.dropTable('external_sign_in_attempts').execute();
  await db.schema.dropTable('external_identities').execute();
}
