import type { Database } from '../db/database.ts';

export function findAccountProfile(db: Database, userId: string) {
  return db
    .selectFrom('users')
    .leftJoin('account_profiles', 'account_profiles.user_id', 'users.id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.mobile',
      'users.mobile_key_id',
      'users.created_at',
      'account_profiles.email',
      'account_profiles.contact_address',
      'account_profiles.enterprise_nature',
      'account_profiles.economic_type',
      'account_profiles.employee_count',
      'account_profiles.registered_address',
      'account_profiles.postal_code',
      'account_profiles.updated_at',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

export function upsertAccountProfile(
  db: Database,
  userId: string,
  profile: {
    email: string;
    contactAddress: string | null;
    enterpriseNature: string | null;
    economicType: string | null;
    employeeCount: number | null;
    registeredAddress: string | null;
    postalCode: string | null;
  },
  now: Date,
) {
  const values = {
    email: profile.email,
    contact_address: profile.contactAddress,
    enterprise_nature: profile.enterpriseNature,
    economic_type: profile.economicType,
    employee_count: profile.employeeCount,
    registered_address: profile.registeredAddress,
    postal_code: profile.postalCode,
    updated_at: now,
  };
  return db
    .insertInto('account_profiles')
    .values({ user_id: userId, ...values })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet(values))
    .execute();
}

export function listDocumentsOfUser(db: Database, userId: string) {
  return db
    .selectFrom('account_documents')
    .select(['id', 'kind', 'file_name', 'media_type', 'byte_size', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export function findDocument(db: Database, id: string) {
  return db
    .selectFrom('account_documents')
    .select(['id', 'user_id', 'file_name', 'media_type', 'content', 'content_key_id', 'purged_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}
