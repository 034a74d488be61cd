import type { SmsOutboxMessage } from '@zhibao/contracts';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { findUserMobile } from '../account/user.repository.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { openMobile } from '../personal-data/sealed-mobile.ts';
import { listOutboxMessages } from './sms-outbox.repository.ts';

/**
 * Development only (the route exists only outside production): messages are public here on purpose,
 * as there is no phone to receive them. Filtered by number, or by the username whose number it is.
 */
export async function listOutbox(
  ctx: AppContext,
  query: { mobile?: string; username?: string; limit: number },
): Promise<SmsOutboxMessage[]> {
  if (ctx.config.environment === 'production') throw new AppError('NOT_FOUND', '开发短信发件箱未启用');
  const cipher = personalDataCipher(ctx.config);
  let mobile = query.mobile;
  if (query.username) {
    const user = await findUserMobile(ctx.db, { username: query.username });
    mobile = (user && openMobile(cipher, user)) ?? undefined;
    if (!mobile) return [];
  }
  const rows = await listOutboxMessages(ctx.db, cipher, { mobile, limit: query.limit });
  return rows.map((row) => ({
    id: row.id,
    mobile: openMobile(cipher, row)!,
    text: row.text,
    sentAt: row.created_at.toISOString(),
  }));
}
