import type { Database } from '../db/database.ts';

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

export function findSession(db: Database, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
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
