import { reusableQuery, type Database } from '../db/database.ts';
import { userProfileColumns } from './user.repository.ts';

export function insertSession(
  db: Database,
  session: { id: string; userId: string; csrfToken: string; now: Date; expiresAt: Date },
) {
  return db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
    })
    .execute();
}

/**
 * A session with its user as `findUserProfile` reads it, in one query: every API request resolves its
 * session, so a second round trip for the user would be paid on each of them (and the query is compiled once).
 */
const sessionWithUser = reusableQuery(['id'], (db, { id }: { id: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('regions', 'regions.code', 'users.region_code')
    .leftJoin('enterprises', 'enterprises.id', 'users.enterprise_id')
    .select(['sessions.csrf_token', 'sessions.last_seen_at', 'sessions.expires_at', ...userProfileColumns])
    .where('sessions.id', '=', id),
);

type SessionWithUserRow = Awaited<ReturnType<typeof sessionWithUser>>[number];

export async function findSessionWithUser(db: Database, id: string): Promise<SessionWithUserRow | undefined> {
  return (await sessionWithUser(db, { id }))[0];
}

export function touchSession(db: Database, id: string, now: Date) {
  return db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export function deleteSession(db: Database, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a user, or every one but the current (after a password change). */
export function deleteSessionsOfUser(db: Database, userId: string, exceptId?: string) {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.execute();
}
