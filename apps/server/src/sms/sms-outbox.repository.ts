import type { Database } from '../db/database.ts';

export function insertOutboxMessage(
  db: Database,
  message: { mobile: string; text: string; createdAt: Date; idempotencyKey?: string },
) {
  // A repeated send of one outbox message (its worker died before marking it) is kept once.
  return db
    .insertInto('sms_outbox')
    .values({
      mobile: message.mobile,
      text: message.text,
      created_at: message.createdAt,
      idempotency_key: message.idempotencyKey ?? null,
    })
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .execute();
}

/** The newest messages first, optionally only those to one number. */
export function listOutboxMessages(db: Database, options: { mobile?: string; limit: number }) {
  let query = db.selectFrom('sms_outbox').select(['id', 'mobile', 'text', 'created_at']);
  if (options.mobile) query = query.where('mobile', '=', options.mobile);
  return query.orderBy('created_at', 'desc').orderBy('id').limit(options.limit).execute();
}

export function findMobileOfUsername(db: Database, username: string) {
  return db.selectFrom('users').select('mobile').where('username', '=', username).executeTakeFirst();
}
