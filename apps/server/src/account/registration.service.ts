import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { checkSmsCode, consumeCheckedSmsCode, sendSmsCode } from '../sms/sms-code.service.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { useCaptcha } from './captcha.service.ts';
import { hashPassword } from './password.ts';
import { assertStrongPassword } from './password-policy.ts';
import { insertRegisteredUser } from './registration.repository.ts';
import { openSession } from './session.service.ts';
import { findUserByMobile, findUserByUsername, lockMobileForAccounts } from './user.repository.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';

// Registration is anonymous by nature: there is no actor to check; the image captcha and the SMS code
// (which proves the number) stand in for the access check. Neither step tells a stranger whether a number or
// a name is taken: the code request answers the same for every number, and names are compared only once the
// code proved the number is the caller's.

function conflict(field: string, reason: string): AppError {
  return new AppError('CONFLICT', reason, [{ name: field, reason }]);
}

const takenMobile = '该手机号已注册，请直接登录；如非本人注册，请联系管理员';
const takenUsername = '该用户名已被使用，请换一个';

// Sent instead of a code to a number that already has an account: its owner learns what to do, the caller
// learns nothing (a free number gets a code, with the same answer and the same limits).
const alreadyRegisteredNotice =
  '【直报】此手机号已注册直报系统账号，无需重新注册，请直接登录；忘记密码可在登录页通过短信找回。如非本人操作，请忽略本短信。';

/** 获取验证码 on the registration form: image captcha first, then a text to the number. */
export async function requestRegistrationCode(
  ctx: AppContext,
  input: { mobile: string; captchaId?: string; captchaAnswer?: string },
  meta: RequestMeta,
) {
  await useCaptcha(ctx, input);
  const isTaken =
    (await findUserByMobile(ctx.db, personalDataCipher(ctx.config), input.mobile)) !== undefined;
  return sendSmsCode(ctx, {
    mobile: input.mobile,
    purpose: 'register',
    ip: meta.ip,
    field: 'smsCode',
    ...(isTaken ? { noticeInsteadOfCode: alreadyRegisteredNotice } : {}),
  });
}

/**
 * 注册: a new enterprise-side account, not yet verified nor bound, signed in at once so that the person
 * can go on to 实名认证 and 绑定. The SMS code is checked before anything is compared with existing accounts,
 * and used up only together with the new account, so a taken name costs the person no new code.
 */
export async function registerAccount(
  ctx: AppContext,
  input: { username: string; password: string; mobile: string; smsCode: string },
  meta: RequestMeta,
) {
  assertStrongPassword(input.password, input.username);
  const codeId = await checkSmsCode(ctx, {
    mobile: input.mobile,
    purpose: 'register',
    code: input.smsCode,
    field: 'smsCode',
  });
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  let user: { id: string };
  try {
    user = await ctx.db.transaction().execute(async (trx) => {
      const cipher = personalDataCipher(ctx.config);
      await lockMobileForAccounts(trx, input.mobile);
      if (await findUserByUsername(trx, input.username)) throw conflict('username', takenUsername);
      if (await findUserByMobile(trx, cipher, input.mobile)) throw conflict('mobile', takenMobile);
      const created = await insertRegisteredUser(trx, cipher, {
        username: input.username,
        passwordHash,
        mobile: input.mobile,
        now,
      });
      await consumeCheckedSmsCode(trx, { id: codeId, field: 'smsCode', now });
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
  } catch (error) {
    // Two registrations racing for one name: the unique index decides, and the code stays unused.
    if (isUniqueViolation(error)) throw conflict('username', takenUsername);
    throw error;
  }
  return openSession(ctx, user.id);
}
