import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

export function insertBindingAttempt(db: Database, attempt: { userId: string; ip: string; at: Date }) {
  return db
    .insertInto('binding_attempts')
    .values({ user_id: attempt.userId, ip_address: attempt.ip, created_at: attempt.at })
    .execute();
}

/** Binding attempts of an account and from an address since a moment. */
export async function countBindingAttempts(db: Database, where: { userId: string; ip: string; since: Date }) {
  const row = await db
    .selectFrom('binding_attempts')
    .select([
      sql<number>`count(*) filter (where user_id = ${where.userId})::int`.as('byAccount'),
      sql<number>`count(*) filter (where ip_address = ${where.ip})::int`.as('byAddress'),
    ])
    .where((eb) => eb.or([eb('user_id', '=', where.userId), eb('ip_address', '=', where.ip)]))
    .where('created_at', '>', where.since)
    .executeTakeFirstOrThrow();
  return { byAccount: row.byAccount, byAddress: row.byAddress };
}
