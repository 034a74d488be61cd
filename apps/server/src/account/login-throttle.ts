import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { missingCaptchaError, useCaptcha } from './captcha.service.ts';
import {
  clearPairFailures,
  countUsernameFailures,
  deleteLoginFailure,
  insertLoginFailure,
  lockLoginThrottle,
  summarizeLoginFailures,
} from './login-throttle.repository.ts';

// Failures are counted per username whether or not the account exists, so the answers never tell which do.
// Three layers, cheapest for the owner first: the image captcha for the username (from any address), then a
// temporary lock of the username from that one address only, and the limit of failures per address. A
// stranger can therefore make an account ask for captchas, but never lock its owner out from elsewhere.
const captchaAfterFailures = 3;
const lockAfterFailures = 5;
const maxLockMinutes = 60;
const failureMemoryMs = 24 * 3_600_000;
const addressWindowMs = 15 * 60_000;

/**
 * Growing delays: the 5th consecutive failure of a username from one address locks that pair for 1 minute, the
 * 6th for 2, then 4, 8 … up to an hour. A successful login from the address clears its count.
 */
export function lockMinutesAfter(failures: number): number {
  if (failures < lockAfterFailures) return 0;
  return Math.min(2 ** Math.min(failures - lockAfterFailures, 6), maxLockMinutes);
}

/** Whether a login with this username must carry a solved image captcha. */
async function isCaptchaRequired(ctx: AppContext, username: string): Promise<boolean> {
  const since = new Date(ctx.now().getTime() - failureMemoryMs);
  return (await countUsernameFailures(ctx.db, username, since)) >= captchaAfterFailures;
}

/** An attempt admitted for evaluation, charged as a failure until it is settled. */
export interface LoginAttempt {
  failureId: string;
  username: string;
  ip: string;
  /** The username's failures, this attempt included (the answer to a failure says whether a captcha follows). */
  usernameFailures: number;
}

/**
 * Admits one login attempt, or refuses it, before any password is looked at: the captcha when the username
 * needs one (so a refusal answers the same for a right and a wrong password), then the address limit and the
 * lock of this username from this address. Counting and charging happen under a lock, in one transaction, so
 * parallel attempts cannot all read "no failures yet": at most the allowed number are ever evaluated. The
 * attempt is charged as a failure now; `refundLoginAttempt` takes the charge back when it was not one.
 */
export async function admitLoginAttempt(
  ctx: AppContext,
  credentials: { username: string; captchaId?: string | undefined; captchaAnswer?: string | undefined },
  ip: string,
  options: { isCaptchaSolved?: boolean } = {},
): Promise<LoginAttempt> {
  // A caller that always asks for the captcha (忘记密码) has checked it already; it is good for one answer.
  const isCaptchaChecked =
    options.isCaptchaSolved === true || (await isCaptchaRequired(ctx, credentials.username));
  if (isCaptchaChecked && !options.isCaptchaSolved) await useCaptcha(ctx, credentials);
  const { username } = credentials;
  return ctx.db.transaction().execute(async (trx) => {
    await lockLoginThrottle(trx, username, ip);
    const now = ctx.now();
    const failures = await summarizeLoginFailures(trx, {
      username,
      ip,
      addressSince: new Date(now.getTime() - addressWindowMs),
      usernameSince: new Date(now.getTime() - failureMemoryMs),
    });
    if (failures.address >= ctx.config.loginIpFailureLimit) {
      throw new AppError('RATE_LIMITED', '当前网络登录失败次数过多，请15分钟后再试');
    }
    // Failures charged since the captcha was checked (parallel attempts) need it just the same.
    if (!isCaptchaChecked && failures.username >= captchaAfterFailures) throw missingCaptchaError();
    const lockMinutes = lockMinutesAfter(failures.pair);
    if (lockMinutes > 0 && failures.pairLatest) {
      const remainingMs = failures.pairLatest.getTime() + lockMinutes * 60_000 - now.getTime();
      if (remainingMs > 0) {
        throw new AppError(
          'RATE_LIMITED',
          `连续登录失败${failures.pair}次，账号已临时锁定，请${Math.ceil(remainingMs / 60_000)}分钟后再试；忘记密码可在登录页点击“忘记密码”通过短信找回`,
        );
      }
    }
    const failureId = await insertLoginFailure(trx, { username, ip, at: now });
    return { failureId, username, ip, usernameFailures: failures.username + 1 };
  });
}

/** Whether the attempt after this failed one must carry an image captcha. */
export function isCaptchaRequiredAfter(attempt: LoginAttempt): boolean {
  return attempt.usernameFailures >= captchaAfterFailures;
}

/** Takes back the charge of an attempt that did not fail (a right password, a step still to come). */
export async function refundLoginAttempt(ctx: AppContext, attempt: LoginAttempt): Promise<void> {
  await deleteLoginFailure(ctx.db, attempt.failureId);
}

/** A completed login clears the failures of its username from its address (not those from elsewhere). */
export async function clearLoginFailures(ctx: AppContext, attempt: LoginAttempt): Promise<void> {
  await clearPairFailures(ctx.db, attempt.username, attempt.ip);
}
