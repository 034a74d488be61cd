import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

export function insertLoginFailure(db: Database, failure: { username: string; ip: string; at: Date }) {
  return db
    .insertInto('login_failures')
    .values({ username: failure.username, ip_address: failure.ip, created_at: failure.at })
    .execute();
}

/** Failures under a username since a moment, with the latest one's time. */
export async function summarizeUsernameFailures(db: Database, username: string, since: Date) {
  const row = await db
    .selectFrom('login_failures')
    .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`max(created_at)`.as('latest')])
    .where('username', '=', username)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: row.count, latest: row.latest ? new Date(row.latest) : null };
}

export async function countIpFailures(db: Database, ip: string, since: Date) {
  const row = await db
    .selectFrom('login_failures')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('ip_address', '=', ip)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return row.count;
}

export function clearUsernameFailures(db: Database, username: string) {
  return db.deleteFrom('login_failures').where('username', '=', username).execute();
}
