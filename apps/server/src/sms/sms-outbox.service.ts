import type { SmsOutboxMessage } from '@zhibao/contracts';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { findMobileOfUsername, listOutboxMessages } from './sms-outbox.repository.ts';

/**
 * Development only (the route exists only outside production): messages are public here on purpose,
 * as there is no phone to receive them. Filtered by number, or by the username whose number it is.
 */
export async function listOutbox(
  ctx: AppContext,
  query: { mobile?: string; username?: string; limit: number },
): Promise<SmsOutboxMessage[]> {
  if (ctx.config.environment === 'production') throw new AppError('NOT_FOUND', '开发短信发件箱未启用');
  let mobile = query.mobile;
  if (query.username) {
    const user = await findMobileOfUsername(ctx.db, query.username);
    if (!user?.mobile) return [];
    mobile = user.mobile;
  }
  const rows = await listOutboxMessages(ctx.db, { mobile, limit: query.limit });
  return rows.map((row) => ({
    id: row.id,
    mobile: row.mobile,
    text: row.text,
    sentAt: row.created_at.toISOString(),
  }));
}
