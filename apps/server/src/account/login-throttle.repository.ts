import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

// Advisory-lock classes, so that an address and a username never share a lock (class 3 is a mobile number's,
// taken by the writes that give a number to an account: user.repository.ts).
const addressLockClass = 1;
const usernameLockClass = 2;

/**
 * Serializes login attempts from one address and on one username until the transaction ends, so that counting
 * the failures and charging this attempt are one step. Every attempt takes the address lock first, then the
 * username lock, so two attempts never wait on each other in a circle.
 */
export async function lockLoginThrottle(trx: Database, username: string, ip: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${addressLockClass}::int, hashtext(${ip}::text))`.execute(trx);
  await sql`select pg_advisory_xact_lock(${usernameLockClass}::int, hashtext(${username}::text))`.execute(
    trx,
  );
}

/** The failures that throttle an attempt: from the address, on the username, and on the two together. */
export async function summarizeLoginFailures(
  db: Database,
  attempt: { username: string; ip: string; addressSince: Date; usernameSince: Date },
) {
  const row = await db
    .selectFrom('login_failures')
    .select([
      sql<number>`count(*) filter (where ip_address = ${attempt.ip} and created_at > ${attempt.addressSince})::int`.as(
        'address',
      ),
      sql<number>`count(*) filter (where username = ${attempt.username} and created_at > ${attempt.usernameSince})::int`.as(
        'username',
      ),
      sql<number>`count(*) filter (where username = ${attempt.username} and ip_address = ${attempt.ip} and created_at > ${attempt.usernameSince})::int`.as(
        'pair',
      ),
      sql<Date | null>`max(created_at) filter (where username = ${attempt.username} and ip_address = ${attempt.ip} and created_at > ${attempt.usernameSince})`.as(
        'pairLatest',
      ),
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('ip_address', '=', attempt.ip), eb('created_at', '>', attempt.addressSince)]),
        eb.and([eb('username', '=', attempt.username), eb('created_at', '>', attempt.usernameSince)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return {
    address: row.address,
    username: row.username,
    pair: row.pair,
    pairLatest: row.pairLatest ? new Date(row.pairLatest) : null,
  };
}

export async function countUsernameFailures(db: Database, username: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('username', '=', username)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** Records a failure (or charges an attempt as one before it is evaluated); answers its id. */
export async function insertLoginFailure(
  db: Database,
  failure: { username: string; ip: string; at: Date },
): Promise<string> {
  const row = await db
    .insertInto('login_failures')
    .values({ username: failure.username, ip_address: failure.ip, created_at: failure.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function deleteLoginFailure(db: Database, id: string) {
  return db.deleteFrom('login_failures').where('id', '=', id).execute();
}

/** Forgets the username's failures from one address (its owner just logged in from there). */
export function clearPairFailures(db: Database, username: string, ip: string) {
  return db
    .deleteFrom('login_failures')
    .where('username', '=', username)
    .where('ip_address', '=', ip)
    .execute();
}
