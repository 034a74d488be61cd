import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { countBindingAttempts, insertBindingAttempt } from './binding-throttle.repository.ts';

/** Attempts to match an enterprise's facts an account may make within the window, successful or not. */
export const bindingAttemptsPerAccount = 5;
const windowMs = 60 * 60_000;

function refuse(scope: 'account' | 'address'): AppError {
  return new AppError(
    'RATE_LIMITED',
    scope === 'account'
      ? '绑定企业的尝试次数过多，请一小时后再试；如企业信息确实无误，请联系所在区县的主管部门'
      : '当前网络绑定企业的尝试次数过多，请一小时后再试',
  );
}

/**
 * Counts one attempt to match an enterprise's directory facts, per account and per address, before the facts are
 * compared, so that nobody can use the comparison to guess a legal representative's name. The attempt is
 * recorded first and the count read after, so parallel attempts cannot all slip under the limit.
 */
export async function recordBindingAttempt(ctx: AppContext, userId: string, ip: string): Promise<void> {
  const since = new Date(ctx.now().getTime() - windowMs);
  const before = await countBindingAttempts(ctx.db, { userId, ip, since });
  if (before.byAccount >= bindingAttemptsPerAccount) throw refuse('account');
  if (before.byAddress >= ctx.config.bindingIpAttemptLimit) throw refuse('address');
  await insertBindingAttempt(ctx.db, { userId, ip, at: ctx.now() });
  const after = await countBindingAttempts(ctx.db, { userId, ip, since });
  if (after.byAccount > bindingAttemptsPerAccount) throw refuse('account');
  if (after.byAddress > ctx.config.bindingIpAttemptLimit) throw refuse('address');
}
