import type { Database } from '../db/database.ts';
import type { AdminLevel } from '../db/schema.ts';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';
import { sealMobile } from '../personal-data/sealed-mobile.ts';

export function listChildRegions(db: Database, parentCode: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('parent_code', '=', parentCode)
    .orderBy('code')
    .execute();
}

export function findRegion(db: Database, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Administrator accounts of the regions whose code starts with the prefix, except the given user. */
export function listAdminAccountsInRegion(
  db: Database,
  options: { regionPrefix: string; exceptUserId: string },
) {
  return db
    .selectFrom('users')
    .innerJoin('regions', 'regions.code', 'users.region_code')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.mobile',
      'users.mobile_key_id',
      'users.admin_level',
      'users.region_code',
      'regions.name as region_name',
      'regions.parent_code as region_parent_code',
      'users.is_disabled',
      'users.created_at',
    ])
    .where('users.role', '=', 'admin')
    .where('users.region_code', 'like', `${options.regionPrefix}%`)
    .where('users.id', '!=', options.exceptUserId)
    .orderBy('users.region_code')
    .orderBy('users.username')
    .execute();
}

export function findAdminAccount(db: Database, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('regions', 'regions.code', 'users.region_code')
    .select([
      'users.id',
      'users.username',
      'users.region_code',
      'regions.parent_code as region_parent_code',
      'users.is_disabled',
    ])
    .where('users.id', '=', userId)
    .where('users.role', '=', 'admin')
    .executeTakeFirst();
}

export function insertAdminAccount(
  db: Database,
  cipher: PersonalDataCipher,
  account: {
    username: string;
    displayName: string;
    mobile: string;
    passwordHash: string;
    adminLevel: AdminLevel;
    regionCode: string;
    createdBy: string;
    now: Date;
  },
) {
  return db
    .insertInto('users')
    .values({
      username: account.username,
      password_hash: account.passwordHash,
      display_name: account.displayName,
      ...sealMobile(cipher, account.mobile),
      role: 'admin',
      admin_level: account.adminLevel,
      region_code: account.regionCode,
      enterprise_id: null,
      created_by: account.createdBy,
      password_changed_at: account.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function setUserDisabled(db: Database, userId: string, isDisabled: boolean) {
  return db.updateTable('users').set({ is_disabled: isDisabled }).where('id', '=', userId).execute();
}
