import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';
import { mobileHashes, sealMobile } from '../personal-data/sealed-mobile.ts';

// users.mobile holds the number sealed, found by its keyed hash (personal-data/sealed-mobile.ts).

/** What a session and a profile know of a user: read from users joined with regions and enterprises. */
export const userProfileColumns = [
  'users.id',
  'users.username',
  'users.password_hash',
  'users.display_name',
  'users.role',
  'users.admin_level',
  'users.region_code',
  'users.enterprise_id',
  'users.is_disabled',
  'users.mobile',
  'users.mobile_key_id',
  'users.account_type',
  'users.verified_at',
  'users.is_enterprise_manager',
  'users.must_change_password',
  'regions.name as region_name',
  'regions.level as region_level',
  'enterprises.name as enterprise_name',
  'enterprises.uscc as enterprise_uscc',
] as const;

/** The user with the region and enterprise it belongs to, as sessions and profiles need it. */
export function findUserProfile(db: Database, where: { id: string } | { username: string }) {
  let query = db
    .selectFrom('users')
    .innerJoin('regions', 'regions.code', 'users.region_code')
    .leftJoin('enterprises', 'enterprises.id', 'users.enterprise_id')
    .select(userProfileColumns);
  query =
    'id' in where
      ? query.where('users.id', '=', where.id)
      : query.where('users.username', '=', where.username);
  return query.executeTakeFirst();
}

export type UserProfileRow = NonNullable<Awaited<ReturnType<typeof findUserProfile>>>;

export function findUserByUsername(db: Database, username: string) {
  return db.selectFrom('users').select(['id']).where('username', '=', username).executeTakeFirst();
}

export function findUserByMobile(db: Database, cipher: PersonalDataCipher, mobile: string) {
  return db
    .selectFrom('users')
    .select(['id'])
    .where('mobile_hash', 'in', mobileHashes(cipher, mobile))
    .executeTakeFirst();
}

/** A user's number as stored (open it with openMobile). */
export function findUserMobile(db: Database, where: { id: string } | { username: string }) {
  const query = db.selectFrom('users').select(['id', 'mobile', 'mobile_key_id', 'mobile_hash']);
  return (
    'id' in where ? query.where('id', '=', where.id) : query.where('username', '=', where.username)
  ).executeTakeFirst();
}

export function findPasswordHash(db: Database, userId: string) {
  return db.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirst();
}

export function updatePasswordHash(db: Database, userId: string, passwordHash: string, now: Date) {
  return db
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: now, must_change_password: false })
    .where('id', '=', userId)
    .execute();
}

/**
 * The first sign-in of an account moved in from the old platform: its old hash gives way to argon2id of the same
 * password, and the account is asked to set a new password (the old one lived in a weaker store).
 */
export function replaceLegacyHash(db: Database, userId: string, passwordHash: string) {
  return db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: true })
    .where('id', '=', userId)
    .execute();
}

export function updateMobile(db: Database, cipher: PersonalDataCipher, userId: string, mobile: string) {
  return db.updateTable('users').set(sealMobile(cipher, mobile)).where('id', '=', userId).execute();
}

/**
 * Serializes, until the transaction ends, the writes that give a mobile number to an account: the number has no
 * unique index (older data may share one), so "is it free?" and the write must not interleave.
 */
export async function lockMobileForAccounts(trx: Database, mobile: string): Promise<void> {
  // Class 3; the login throttle uses 1 and 2 (see login-throttle.repository.ts). The lock's key is computed here,
  // so the number itself never travels to the database (nor into its statement log).
  const key = createHash('sha256').update(mobile).digest().readInt32BE(0);
  await sql`select pg_advisory_xact_lock(3, ${key}::int)`.execute(trx);
}
