import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

export function insertSmsCode(
  db: Database,
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
      mobile: code.mobile,
      purpose: code.purpose,
      code_hash: code.codeHash,
      ip_address: code.ip,
      created_at: code.createdAt,
      expires_at: code.expiresAt,
    })
    .execute();
}

/** The newest code sent to a number for a purpose: only it counts, earlier ones are superseded. */
export function findLatestSmsCode(db: Database, mobile: string, purpose: string) {
  return db
    .selectFrom('sms_codes')
    .selectAll()
    .where('mobile', '=', mobile)
    .where('purpose', '=', purpose)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function countSmsCodesSince(
  db: Database,
  where: { mobile?: string; ip?: string; since: Date; onlyUnused?: boolean },
) {
  let query = db
    .selectFrom('sms_codes')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('created_at', '>', where.since);
  if (where.mobile) query = query.where('mobile', '=', where.mobile);
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
