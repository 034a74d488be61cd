import type { Database } from '../db/database.ts';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';
import { mobileHashes, sealMobile } from '../personal-data/sealed-mobile.ts';

export function insertOutboxMessage(
  db: Database,
  cipher: PersonalDataCipher,
  message: { mobile: string; text: string; createdAt: Date; idempotencyKey?: string },
) {
  // A repeated send of one outbox message (its worker died before marking it) is kept once.
  return db
    .insertInto('sms_outbox')
    .values({
      ...sealMobile(cipher, message.mobile),
      text: message.text,
      created_at: message.createdAt,
      idempotency_key: message.idempotencyKey ?? null,
    })
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .execute();
}

/** The newest messages first, optionally only those to one number (found by its keyed hash). */
export function listOutboxMessages(
  db: Database,
  cipher: PersonalDataCipher,
  options: { mobile?: string; limit: number },
) {
  let query = db.selectFrom('sms_outbox').select(['id', 'mobile', 'mobile_key_id', 'text', 'created_at']);
  if (options.mobile) query = query.where('mobile_hash', 'in', mobileHashes(cipher, options.mobile));
  return query.orderBy('created_at', 'desc').orderBy('id').limit(options.limit).execute();
}
