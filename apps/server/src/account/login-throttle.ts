import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import {
  clearUsernameFailures,
  countIpFailures,
  insertLoginFailure,
  summarizeUsernameFailures,
} from './login-throttle.repository.ts';

// Failures are counted per username whether or not the account exists, so the answers never tell which do.
const captchaAfterFailures = 3;
const lockAfterFailures = 5;
const maxLockMinutes = 60;
const failureMemoryMs = 24 * 3_600_000;
const ipWindowMs = 15 * 60_000;

/**
 * Growing delays: the 5th consecutive failure locks the name for 1 minute, the 6th for 2, then 4, 8 …
 * up to an hour. A successful login clears the count.
 */
export function lockMinutesAfter(failures: number): number {
  if (failures < lockAfterFailures) return 0;
  return Math.min(2 ** (failures - lockAfterFailures), maxLockMinutes);
}

async function usernameFailures(ctx: AppContext, username: string) {
  return summarizeUsernameFailures(ctx.db, username, new Date(ctx.now().getTime() - failureMemoryMs));
}

/** Refuses the attempt outright while the name is locked or the address has failed too often. */
export async function assertLoginAllowed(ctx: AppContext, username: string, ip: string): Promise<void> {
  const now = ctx.now();
  const ipFailures = await countIpFailures(ctx.db, ip, new Date(now.getTime() - ipWindowMs));
  if (ipFailures >= ctx.config.loginIpFailureLimit) {
    throw new AppError('RATE_LIMITED', '当前网络登录失败次数过多，请15分钟后再试');
  }
  const { count, latest } = await usernameFailures(ctx, username);
  const lockMinutes = lockMinutesAfter(count);
  if (lockMinutes > 0 && latest) {
    const remainingMs = latest.getTime() + lockMinutes * 60_000 - now.getTime();
    if (remainingMs > 0) {
      const minutes = Math.ceil(remainingMs / 60_000);
      throw new AppError(
        'RATE_LIMITED',
        `连续登录失败${count}次，账号已临时锁定，请${minutes}分钟后再试；忘记密码请联系上级管理员重置`,
      );
    }
  }
}

export async function isCaptchaRequired(ctx: AppContext, username: string): Promise<boolean> {
  return (await usernameFailures(ctx, username)).count >= captchaAfterFailures;
}

/** Records a failure; answers whether the next attempt needs the image captcha. */
export async function recordLoginFailure(ctx: AppContext, username: string, ip: string): Promise<boolean> {
  await insertLoginFailure(ctx.db, { username, ip, at: ctx.now() });
  return isCaptchaRequired(ctx, username);
}

export function clearLoginFailures(ctx: AppContext, username: string): Promise<unknown> {
  return clearUsernameFailures(ctx.db, username);
}
