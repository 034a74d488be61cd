import type { AppContext } from '../app-context.ts';
import { smsProviderFor } from '../sms/sms-provider.ts';
import { listFilerMobiles } from './notice.repository.ts';

/**
 * Sends the text to the filers of the enterprises by SMS, after the change is committed. Best effort: the in-app
 * notice is the record; an unconfigured or failing gateway is counted, never undoes the review action.
 */
export async function sendSmsNotices(
  ctx: AppContext,
  enterpriseIds: string[],
  text: string,
): Promise<{ sent: number; failed: number }> {
  const recipients = await listFilerMobiles(ctx.db, enterpriseIds);
  const provider = smsProviderFor(ctx);
  let sent = 0;
  let failed = 0;
  for (const mobile of new Set(recipients.map((recipient) => recipient.mobile!))) {
    try {
      await provider.send({ mobile, text });
      sent += 1;
    } catch {
      failed += 1;
    }
  }
  return { sent, failed };
}
