import type { Database } from '../db/database.ts';

export function insertCaptcha(db: Database, captcha: { id: string; answerHash: string; expiresAt: Date }) {
  return db
    .insertInto('captchas')
    .values({ id: captcha.id, answer_hash: captcha.answerHash, expires_at: captcha.expiresAt })
    .execute();
}

/** Removes and returns the captcha: each one is good for a single answer. */
export function takeCaptcha(db: Database, id: string) {
  return db
    .deleteFrom('captchas')
    .where('id', '=', id)
    .returning(['answer_hash', 'expires_at'])
    .executeTakeFirst();
}

export function deleteExpiredCaptchas(db: Database, now: Date) {
  return db.deleteFrom('captchas').where('expires_at', '<', now).execute();
}
