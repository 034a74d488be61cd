import type { PasswordResetCodeAnswer } from '@zhibao/contracts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { maskMobile, openMobile } from '../personal-data/sealed-mobile.ts';
import { checkSmsCode, consumeCheckedSmsCode, sendSmsCode } from '../sms/sms-code.service.ts';
import { useCaptcha } from './captcha.service.ts';
import { admitLoginAttempt, clearLoginFailures } from './login-throttle.ts';
import { hashPassword } from './password.ts';
import { assertStrongPassword } from './password-policy.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import { findUserProfile, updatePasswordHash } from './user.repository.ts';

// 忘记密码 goes through the login's throttle (the same failures per username, the same lock of a username
// from one address, the same limit per address), so it is no side door around the lock. Both steps ask for
// the username and the full registered number, and answer alike whether or not they belong to one account.

interface ResetAccount {
  userId: string;
  regionCode: string | null;
}

/** The account the username names, when the number is its registered mobile and it may log in. */
async function findResetAccount(
  ctx: AppContext,
  username: string,
  mobile: string,
): Promise<ResetAccount | undefined> {
  const row = await findUserProfile(ctx.db, { username });
  if (!row || row.is_disabled || openMobile(personalDataCipher(ctx.config), row) !== mobile) return undefined;
  return {
    userId: row.id,
    regionCode: row.role === 'enterprise' && !row.enterprise_id ? null : row.region_code,
  };
}

/**
 * 忘记密码, step 1: the image captcha always (each code costs an SMS), then the login throttle; the code goes
 * to the number only when it is the account's registered mobile. Otherwise a code is stored and never sent,
 * under the same limits, so neither the answer nor a repeated request tells whether the pair exists. Every
 * request counts toward the username's lock from this address until a reset succeeds.
 */
export async function requestPasswordResetCode(
  ctx: AppContext,
  input: {
    username: string;
    mobile: string;
    captchaId?: string | undefined;
    captchaAnswer?: string | undefined;
  },
  meta: RequestMeta,
): Promise<PasswordResetCodeAnswer> {
  await useCaptcha(ctx, input);
  await admitLoginAttempt(ctx, input, meta.ip, { isCaptchaSolved: true });
  const account = await findResetAccount(ctx, input.username, input.mobile);
  const sent = await sendSmsCode(ctx, {
    mobile: input.mobile,
    purpose: 'reset_password',
    ip: meta.ip,
    isWithheld: account === undefined,
  });
  return { maskedMobile: maskMobile(input.mobile), ...sent };
}

const wrongCode = '短信验证码错误，请核对短信后重新输入';

/**
 * 忘记密码, step 2: a new password under the password policy, then the throttle (captcha as at login), then the
 * code. The password changes, every session of the account ends (whoever knew the old password is out) and
 * the audit trail records it; the failures of the username from this address are cleared, as by a login.
 */
export async function resetPassword(
  ctx: AppContext,
  input: {
    username: string;
    mobile: string;
    smsCode: string;
    newPassword: string;
    captchaId?: string | undefined;
    captchaAnswer?: string | undefined;
  },
  meta: RequestMeta,
): Promise<void> {
  assertStrongPassword(input.newPassword, input.username, 'newPassword');
  const attempt = await admitLoginAttempt(ctx, input, meta.ip);
  const account = await findResetAccount(ctx, input.username, input.mobile);
  const codeId = await checkSmsCode(ctx, {
    mobile: input.mobile,
    purpose: 'reset_password',
    code: input.smsCode,
    field: 'smsCode',
  });
  // A withheld code cannot be known; should the number's code be right for another username, still no.
  if (!account) throw new AppError('VALIDATION_FAILED', wrongCode, [{ name: 'smsCode', reason: wrongCode }]);
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await consumeCheckedSmsCode(trx, { id: codeId, field: 'smsCode', now });
    await updatePasswordHash(trx, account.userId, passwordHash, now);
    const ended = await deleteSessionsOfUser(trx, account.userId);
    await insertAuditEvent(trx, {
      actorUserId: account.userId,
      action: 'account.password_reset',
      subjectType: 'user',
      subjectId: account.userId,
      regionCode: account.regionCode,
      details: {
        via: 'sms',
        mobile: maskMobile(input.mobile),
        endedSessions: ended.reduce((sum, result) => sum + Number(result.numDeletedRows), 0),
      },
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
  });
  await clearLoginFailures(ctx, attempt);
}
