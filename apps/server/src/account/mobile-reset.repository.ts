import type { Database } from '../db/database.ts';

/** An enterprise account with the region of its enterprise, for the access check of a mobile reset. */
export function findEnterpriseAccountForReset(db: Database, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('enterprises', 'enterprises.id', 'users.enterprise_id')
    .select([
      'users.id',
      'users.username',
      'users.mobile',
      'users.mobile_key_id',
      'users.mobile_hash',
      'users.is_enterprise_manager',
      'users.enterprise_id',
      'enterprises.region_code as enterprise_region_code',
    ])
    .where('users.id', '=', userId)
    .where('users.role', '=', 'enterprise')
    .executeTakeFirst();
}

/** The accounts bound to an enterprise, manager first. */
export function listAccountsForReset(db: Database, enterpriseId: string) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'display_name',
      'mobile',
      'mobile_key_id',
      'is_enterprise_manager',
      'is_disabled',
    ])
    .where('enterprise_id', '=', enterpriseId)
    .where('role', '=', 'enterprise')
    .orderBy('is_enterprise_manager', 'desc')
    .orderBy('username')
    .execute();
}
