import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { sendSmsCode, useSmsCode } from '../sms/sms-code.service.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { useCaptcha } from './captcha.service.ts';
import { hashPassword } from './password.ts';
import { assertStrongPassword } from './password-policy.ts';
import { insertRegisteredUser } from './registration.repository.ts';
import { openSession } from './session.service.ts';
import { findUserByMobile, findUserByUsername } from './user.repository.ts';

// Registration is anonymous by nature: there is no actor to check; the image captcha and the SMS code
// (which proves the number) stand in for the access check.

function conflict(field: string, reason: string): AppError {
  return new AppError('CONFLICT', reason, [{ name: field, reason }]);
}

/** 获取验证码 on the registration form: image captcha first, then a code to the new number. */
export async function requestRegistrationCode(
  ctx: AppContext,
  input: { mobile: string; captchaId?: string; captchaAnswer?: string },
  meta: RequestMeta,
) {
  await useCaptcha(ctx, input);
  if (await findUserByMobile(ctx.db, input.mobile)) {
    throw conflict('mobile', '该手机号已注册，请直接登录；如非本人注册，请联系管理员');
  }
  return sendSmsCode(ctx, { mobile: input.mobile, purpose: 'register', ip: meta.ip, field: 'smsCode' });
}

/**
 * 注册: a new enterprise-side account, not yet verified nor bound, signed in at once so that the person
 * can go on to 实名认证 and 绑定.
 */
export async function registerAccount(
  ctx: AppContext,
  input: { username: string; password: string; mobile: string; smsCode: string },
  meta: RequestMeta,
) {
  assertStrongPassword(input.password, input.username);
  if (await findUserByUsername(ctx.db, input.username))
    throw conflict('username', '该用户名已被使用，请换一个');
  if (await findUserByMobile(ctx.db, input.mobile)) {
    throw conflict('mobile', '该手机号已注册，请直接登录；如非本人注册，请联系管理员');
  }
  await useSmsCode(ctx, { mobile: input.mobile, purpose: 'register', code: input.smsCode, field: 'smsCode' });
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  const user = await ctx.db.transaction().execute(async (trx) => {
    const created = await insertRegisteredUser(trx, {
      username: input.username,
      passwordHash,
      mobile: input.mobile,
      now,
    });
    await insertAuditEvent(trx, {
      actorUserId: created.id,
      action: 'account.registered',
      subjectType: 'user',
      subjectId: created.id,
      regionCode: null,
      details: { username: input.username },
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
    return created;
  });
  return openSession(ctx, user.id);
}
