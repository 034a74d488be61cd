import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';
import { mobileHashes, sealMobile } from '../personal-data/sealed-mobile.ts';

// The number a code was sent to is stored sealed (personal-data/sealed-mobile.ts) and found by its keyed hash.

export function insertSmsCode(
  db: Database,
  cipher: PersonalDataCipher,
  code: {
    id: string;
    mobile: string;
    purpose: string;
    codeHash: string;
    ip: string;
    createdAt: Date;
    expiresAt: Date;
  },
) {
  return db
    .insertInto('sms_codes')
    .values({
      id: code.id,
      ...sealMobile(cipher, code.mobile),
      purpose: code.purpose,
      code_hash: code.codeHash,
      ip_address: code.ip,
      created_at: code.createdAt,
      expires_at: code.expiresAt,
    })
    .execute();
}

/** The newest code sent to a number for a purpose: only it counts, earlier ones are superseded. */
export function findLatestSmsCode(db: Database, cipher: PersonalDataCipher, mobile: string, purpose: string) {
  return db
    .selectFrom('sms_codes')
    .select(['id', 'code_hash', 'created_at', 'expires_at', 'consumed_at', 'failed_attempts'])
    .where('mobile_hash', 'in', mobileHashes(cipher, mobile))
    .where('purpose', '=', purpose)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function countSmsCodesSince(
  db: Database,
  cipher: PersonalDataCipher,
  where: { mobile?: string; ip?: string; since: Date; onlyUnused?: boolean },
) {
  let query = db
    .selectFrom('sms_codes')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('created_at', '>', where.since);
  if (where.mobile) query = query.where('mobile_hash', 'in', mobileHashes(cipher, where.mobile));
  if (where.ip) query = query.where('ip_address', '=', where.ip);
  if (where.onlyUnused) query = query.where('consumed_at', 'is', null);
  return (await query.executeTakeFirstOrThrow()).count;
}

export function recordFailedSmsAttempt(db: Database, id: string) {
  return db
    .updateTable('sms_codes')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Marks the code used; answers false when another request used it first. */
export async function consumeSmsCode(db: Database, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('sms_codes')
    .set({ consumed_at: now })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function deleteSmsCode(db: Database, id: string) {
  return db.deleteFrom('sms_codes').where('id', '=', id).execute();
}
