import type { Database } from '../db/database.ts';

export function findDirectoryEnterpriseByUscc(db: Database, uscc: string) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'uscc', 'name', 'legal_representative', 'region_code'])
    .where('uscc', '=', uscc)
    .executeTakeFirst();
}

export function findBindingState(db: Database, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'enterprise_id', 'verified_at', 'account_type'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export async function hasEnterpriseManager(db: Database, enterpriseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('is_enterprise_manager', '=', true)
    .where('is_disabled', '=', false)
    .executeTakeFirst();
  return row !== undefined;
}

export function bindUserToEnterprise(
  db: Database,
  userId: string,
  binding: { enterpriseId: string; regionCode: string; isManager: boolean; at: Date },
) {
  return db
    .updateTable('users')
    .set({
      enterprise_id: binding.enterpriseId,
      region_code: binding.regionCode,
      is_enterprise_manager: binding.isManager,
      bound_at: binding.at,
    })
    .where('id', '=', userId)
    .where('enterprise_id', 'is', null)
    .executeTakeFirst();
}

export function unbindUser(db: Database, userId: string) {
  return db
    .updateTable('users')
    .set({ enterprise_id: null, region_code: '000000', is_enterprise_manager: false, bound_at: null })
    .where('id', '=', userId)
    .execute();
}

/** The accounts bound to an enterprise, for its manager. */
export function listAccountsOfEnterprise(db: Database, enterpriseId: string) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'display_name',
      'mobile',
      'mobile_key_id',
      'account_type',
      'is_enterprise_manager',
      'bound_at',
      'is_disabled',
    ])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('bound_at')
    .orderBy('username')
    .execute();
}

export function findAccountBinding(db: Database, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'enterprise_id', 'region_code', 'mobile', 'mobile_key_id', 'mobile_hash'])
    .where('id', '=', userId)
    .where('role', '=', 'enterprise')
    .executeTakeFirst();
}
