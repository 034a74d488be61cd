import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/app-error.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import {
  consumeSmsCode,
  countSmsCodesSince,
  deleteSmsCode,
  findLatestSmsCode,
  insertSmsCode,
  recordFailedSmsAttempt,
} from './sms-code.repository.ts';
import { smsProviderFor } from './sms-provider.ts';

export type SmsPurpose =
  | 'login'
  | 'register'
  | 'change_mobile_old'
  | 'change_mobile_new'
  | 'reset_password'
  | 'manager_reset_mobile';

export const smsCodeLifetimeSeconds = 300;
export const smsResendAfterSeconds = 60;
// Both limits count only codes never used: people who log in normally never reach them, an SMS bomber does.
const maxUnusedCodesPerMobilePerHour = 6;
const maxWrongAttemptsPerCode = 5;

const templates: Record<SmsPurpose, (code: string) => string> = {
  login: (code) => `【直报】您的登录验证码为${code}，5分钟内有效。如非本人操作，请忽略本短信。`,
  register: (code) => `【直报】您正在注册软件和信息技术服务业统计直报系统，验证码为${code}，5分钟内有效。`,
  change_mobile_old: (code) =>
    `【直报】您正在更换绑定手机号，原手机号验证码为${code}，5分钟内有效。如非本人操作，请立即修改密码。`,
  change_mobile_new: (code) => `【直报】您正在将此号码设为直报系统登录手机号，验证码为${code}，5分钟内有效。`,
  reset_password: (code) =>
    `【直报】您正在找回直报系统登录密码，验证码为${code}，5分钟内有效。如非本人操作，请忽略本短信。`,
  manager_reset_mobile: (code) =>
    `【直报】管理员正在为您将此号码设为直报系统登录手机号，验证码为${code}，5分钟内有效，请告知为您办理的管理员。`,
};

function hashCode(id: string, code: string): string {
  return createHash('sha256').update(`${id}:${code}`).digest('base64url');
}

/**
 * Sends a fresh 6-digit code (valid 5 minutes, single use). Resending waits a minute while the last
 * code is unused; within an hour a number may hold at most 6 unused codes and an address `SMS_IP_UNUSED_CODE_LIMIT` (20).
 *
 * With `noticeInsteadOfCode` the number gets that text and no code, yet a code is stored and every limit
 * applies exactly as for a real one: a caller who asks for codes cannot tell the two apart (a number already
 * registered answers like a free one), and nobody can use the withheld code.
 */
export async function sendSmsCode(
  ctx: AppContext,
  request: {
    mobile: string;
    purpose: SmsPurpose;
    ip: string;
    field?: string;
    noticeInsteadOfCode?: string;
    isWithheld?: boolean;
  },
): Promise<{ expiresInSeconds: number; resendAfterSeconds: number }> {
  const now = ctx.now();
  const latest = await findLatestSmsCode(
    ctx.db,
    personalDataCipher(ctx.config),
    request.mobile,
    request.purpose,
  );
  if (latest && !latest.consumed_at) {
    const waitSeconds = Math.ceil(
      (latest.created_at.getTime() + smsResendAfterSeconds * 1000 - now.getTime()) / 1000,
    );
    if (waitSeconds > 0) {
      throw new AppError('RATE_LIMITED', `验证码已发送，请${waitSeconds}秒后再重新获取`, [
        { name: request.field ?? 'smsCode', reason: `请${waitSeconds}秒后再重新获取` },
      ]);
    }
  }
  const hourAgo = new Date(now.getTime() - 3_600_000);
  if (
    (await countSmsCodesSince(ctx.db, personalDataCipher(ctx.config), {
      mobile: request.mobile,
      since: hourAgo,
      onlyUnused: true,
    })) >= maxUnusedCodesPerMobilePerHour
  ) {
    throw new AppError('RATE_LIMITED', '该手机号获取验证码过于频繁，请一小时后再试');
  }
  if (
    (await countSmsCodesSince(ctx.db, personalDataCipher(ctx.config), {
      ip: request.ip,
      since: hourAgo,
      onlyUnused: true,
    })) >= ctx.config.smsIpUnusedCodeLimit
  ) {
    throw new AppError('RATE_LIMITED', '当前网络获取验证码过于频繁，请稍后再试');
  }

  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = randomUUID();
  await insertSmsCode(ctx.db, personalDataCipher(ctx.config), {
    id,
    mobile: request.mobile,
    purpose: request.purpose,
    codeHash: hashCode(id, code),
    ip: request.ip,
    createdAt: now,
    expiresAt: new Date(now.getTime() + smsCodeLifetimeSeconds * 1000),
  });
  if (request.isWithheld) {
    return { expiresInSeconds: smsCodeLifetimeSeconds, resendAfterSeconds: smsResendAfterSeconds };
  }
  try {
    await smsProviderFor(ctx).send({
      mobile: request.mobile,
      text: request.noticeInsteadOfCode ?? templates[request.purpose](code),
    });
  } catch (error) {
    // A code that never arrived must not hold back the next attempt.
    await deleteSmsCode(ctx.db, id);
    throw error;
  }
  return { expiresInSeconds: smsCodeLifetimeSeconds, resendAfterSeconds: smsResendAfterSeconds };
}

function refuse(field: string, reason: string): AppError {
  return new AppError('VALIDATION_FAILED', reason, [{ name: field, reason }]);
}

/**
 * Checks and uses up the code last sent to the number; every refusal names the field and says why
 * (never sent, expired, already used, wrong, too many wrong tries).
 */
export async function useSmsCode(
  ctx: AppContext,
  request: { mobile: string; purpose: SmsPurpose; code: string; field: string },
): Promise<void> {
  const id = await checkSmsCode(ctx, request);
  await consumeCheckedSmsCode(ctx.db, { id, field: request.field, now: ctx.now() });
}

/**
 * Checks the code last sent to the number as `useSmsCode` does (wrong tries are counted at once), but leaves it
 * unused: the write it allows uses it up in its own transaction, so a write that fails does not burn it.
 * Answers the code's id.
 */
export async function checkSmsCode(
  ctx: AppContext,
  request: { mobile: string; purpose: SmsPurpose; code: string; field: string },
): Promise<string> {
  const latest = await findLatestSmsCode(
    ctx.db,
    personalDataCipher(ctx.config),
    request.mobile,
    request.purpose,
  );
  const isMatch = latest?.code_hash === hashCode(latest?.id ?? '', request.code.trim());
  // A used code answers a wrong guess as if none had been sent: "used" would tell a stranger that the number
  // once registered (or logged in), which is what registration must not reveal.
  if (!latest || (latest.consumed_at && !isMatch)) throw refuse(request.field, '请先获取短信验证码');
  if (latest.consumed_at) throw refuse(request.field, '该短信验证码已使用过，请重新获取');
  if (latest.expires_at <= ctx.now())
    throw refuse(request.field, '短信验证码已过期（有效期5分钟），请重新获取');
  if (latest.failed_attempts >= maxWrongAttemptsPerCode) {
    throw refuse(request.field, '短信验证码错误次数过多，已失效，请重新获取');
  }
  if (!isMatch) {
    await recordFailedSmsAttempt(ctx.db, latest.id);
    throw refuse(request.field, '短信验证码错误，请核对短信后重新输入');
  }
  return latest.id;
}

/** Uses up a code `checkSmsCode` accepted; refuses when another request used it first. */
export async function consumeCheckedSmsCode(
  db: Database,
  code: { id: string; field: string; now: Date },
): Promise<void> {
  if (!(await consumeSmsCode(db, code.id, code.now))) {
    throw refuse(code.field, '该短信验证码已使用过，请重新获取');
  }
}
