import type { Database } from '../db/database.ts';
import { listFilerMobiles, type NewNotice } from '../notice/notice.repository.ts';
import type { StoredMobile } from '../personal-data/sealed-mobile.ts';
import type { NewRegionNotice } from '../review/region-workflow.repository.ts';
import { insertOutboxMessages, type OutboxMessage } from './outbox.repository.ts';

/**
 * What a state change causes beyond its own rows. Written to the outbox in the change's transaction (so a change
 * that rolls back causes nothing, and one that commits loses nothing when the process dies), done by the outbox
 * worker after commit.
 */
export type SideEffect =
  /** An in-app notice on an enterprise's board. */
  | { kind: 'notice'; notice: NewNotice }
  /** A notice to the administrators of a region (reminders and returns from above, re-opened pass-ups). */
  | { kind: 'region-notice'; notice: NewRegionNotice }
  /** A fixed-template SMS (notice-sms.ts) to the active filers of enterprises, one message per distinct number. */
  | { kind: 'filer-sms'; enterpriseIds: string[]; text: string }
  /**
   * A fixed-template SMS to given numbers (the binding flow's people), as stored (sealed, with their hash):
   * copied sealed into the outbox, opened by the worker only to send. A missing number is skipped.
   */
  | { kind: 'sms'; mobiles: ReadonlyArray<SmsRecipient | undefined>; text: string };

/** A number as its table keeps it (personal-data/sealed-mobile.ts); the hash tells one number twice apart. */
export type SmsRecipient = StoredMobile & { mobile_hash: string | null };

/**
 * Writes the side effects into the outbox, inside the caller's transaction. The filers' numbers are read now, so
 * each number is its own message, retried on its own: a gateway failing on the third number never resends the
 * first two. Answers how many SMS were queued.
 */
export async function enqueueSideEffects(
  trx: Database,
  effects: SideEffect[],
): Promise<{ smsQueued: number }> {
  const messages: OutboxMessage[] = [];
  for (const effect of effects) {
    if (effect.kind === 'notice') {
      messages.push({ kind: 'notice', payload: effect.notice });
      continue;
    }
    if (effect.kind === 'region-notice') {
      messages.push({ kind: 'region-notice', payload: effect.notice });
      continue;
    }
    const recipients =
      effect.kind === 'sms' ? effect.mobiles : await listFilerMobiles(trx, effect.enterpriseIds);
    const seen = new Set<string>();
    for (const recipient of recipients) {
      if (!recipient?.mobile) continue;
      const number = recipient.mobile_hash ?? recipient.mobile;
      if (seen.has(number)) continue;
      seen.add(number);
      messages.push({
        kind: 'sms',
        payload: { mobile: recipient.mobile, mobileKeyId: recipient.mobile_key_id, text: effect.text },
      });
    }
  }
  await insertOutboxMessages(trx, messages);
  return { smsQueued: messages.filter((message) => message.kind === 'sms').length };
}
