import type { CurrentUser, SentCode } from '@zhibao/contracts';
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.ts';
import { authorizeActor } from '../access/policy.ts';
import type { AppContext } from '../app-context.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { maskMobile, maskStoredMobile, openMobile } from '../personal-data/sealed-mobile.ts';
import { sendSmsCode, useSmsCode } from '../sms/sms-code.service.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import {
  admitLoginAttempt,
  clearLoginFailures,
  isCaptchaRequiredAfter,
  refundLoginAttempt,
  type LoginAttempt,
} from './login-throttle.ts';
import { hashPassword, isPasswordCorrect } from './password.ts';
import {
  deleteSession,
  deleteSessionsOfUser,
  findSessionWithUser,
  insertSession,
  touchSession,
} from './session.repository.ts';
import { findUserProfile, replaceLegacyHash, type UserProfileRow } from './user.repository.ts';
import { isLegacyHash } from './legacy-password.ts';

export interface SessionView {
  user: CurrentUser;
  actor: Actor;
  csrfToken: string;
  /** The stored id (hash) of this session, so "log out everywhere else" can keep it. */
  sessionId: string;
}

// Only the hash of a session token is stored, so a leaked sessions table cannot be replayed.
function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

// A last-seen write on every request would turn reads into writes; a minute's precision is enough for idle timeouts.
const touchIntervalMs = 60_000;

function toCurrentUser(cipher: PersonalDataCipher, row: UserProfileRow): CurrentUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    adminLevel: row.admin_level,
    region: { code: row.region_code, name: row.region_name },
    enterprise:
      row.enterprise_id && row.enterprise_name && row.enterprise_uscc
        ? { id: row.enterprise_id, name: row.enterprise_name, uscc: row.enterprise_uscc }
        : null,
    accountType: row.account_type,
    isVerified: row.verified_at !== null,
    isEnterpriseManager: row.is_enterprise_manager,
    maskedMobile: maskStoredMobile(cipher, row),
    mustChangePassword: row.must_change_password,
  };
}

function toActor(row: UserProfileRow): Actor {
  return {
    userId: row.id,
    username: row.username,
    role: row.role,
    adminLevel: row.admin_level,
    regionCode: row.region_code,
    regionLevel: row.region_level,
    enterpriseId: row.enterprise_id,
    isEnterpriseManager: row.is_enterprise_manager,
  };
}

const wrongCredentials = '用户名或密码错误';

interface LoginCredentials {
  username: string;
  password: string;
  captchaId?: string | undefined;
  captchaAnswer?: string | undefined;
}

/**
 * The password half of a login, shared by both steps: the throttle admits the attempt first (captcha, address
 * limit, lock), charging it as a failure; then the password (a wrong one leaves the charge as the failure and,
 * from the third, asks for the image captcha), then the account's state.
 */
async function checkPassword(
  ctx: AppContext,
  credentials: LoginCredentials,
  meta: RequestMeta,
): Promise<{ row: UserProfileRow; attempt: LoginAttempt }> {
  const attempt = await admitLoginAttempt(ctx, credentials, meta.ip);
  const row = await findUserProfile(ctx.db, { username: credentials.username });
  // Verify against a hash even when the user is unknown, so timing does not reveal which usernames exist.
  const isCorrect = await isPasswordCorrect(row?.password_hash ?? (await dummyHash()), credentials.password);
  if (!row || !isCorrect) {
    await insertAuditEvent(ctx.db, {
      actorUserId: row?.id ?? null,
      action: 'account.login_failed',
      subjectType: 'user',
      subjectId: row?.id ?? credentials.username,
      regionCode: row?.region_code ?? null,
      details: { username: credentials.username, reason: 'password' },
      requestId: meta.requestId,
      ip: meta.ip,
      at: ctx.now(),
    });
    throw new AppError(
      'INVALID_CREDENTIALS',
      wrongCredentials,
      isCaptchaRequiredAfter(attempt)
        ? [{ name: 'captcha', reason: '多次登录失败，请输入图形验证码' }]
        : undefined,
    );
  }
  if (row.is_disabled) {
    await refundLoginAttempt(ctx, attempt);
    throw new AppError('INVALID_CREDENTIALS', '该账号已被停用，请联系上级管理员');
  }
  if (isLegacyHash(row.password_hash)) {
    await replaceLegacyHash(ctx.db, row.id, await hashPassword(credentials.password));
    row.must_change_password = true;
  }
  return { row, attempt };
}

/**
 * 获取验证码: checks the password (and the image captcha after repeated failures), then texts a
 * 6-digit code to the registered mobile.
 */
export async function requestLoginCode(
  ctx: AppContext,
  credentials: LoginCredentials,
  meta: RequestMeta,
): Promise<SentCode & { maskedMobile: string }> {
  const { row, attempt } = await checkPassword(ctx, credentials, meta);
  // A right password is no failure; the login is completed (and the count cleared) by the code.
  await refundLoginAttempt(ctx, attempt);
  const mobile = openMobile(personalDataCipher(ctx.config), row);
  if (!mobile) {
    throw new AppError('FORBIDDEN', '该账号未登记手机号，无法接收短信验证码，请联系上级管理员登记手机号');
  }
  const sent = await sendSmsCode(ctx, { mobile, purpose: 'login', ip: meta.ip });
  return { maskedMobile: maskMobile(mobile), ...sent };
}

/**
 * 登录: username, password and the SMS code (and the image captcha, as on the first step, while the username
 * needs one); opens a new session whose token goes into an HttpOnly cookie.
 */
export async function logIn(
  ctx: AppContext,
  credentials: LoginCredentials & { smsCode?: string | undefined },
  meta: RequestMeta,
): Promise<SessionView & { token: string }> {
  const { row, attempt } = await checkPassword(ctx, credentials, meta);
  const mobile = openMobile(personalDataCipher(ctx.config), row);
  if (!credentials.smsCode || !mobile) {
    await refundLoginAttempt(ctx, attempt);
    if (!credentials.smsCode) {
      throw new AppError('VALIDATION_FAILED', '请输入短信验证码', [
        { name: 'smsCode', reason: '请输入短信验证码' },
      ]);
    }
    throw new AppError('FORBIDDEN', '该账号未登记手机号，请联系上级管理员');
  }
  try {
    await useSmsCode(ctx, {
      mobile,
      purpose: 'login',
      code: credentials.smsCode,
      field: 'smsCode',
    });
  } catch (error) {
    // The attempt's charge stands as the failure: a wrong code counts toward the lock like a wrong password.
    await insertAuditEvent(ctx.db, {
      actorUserId: row.id,
      action: 'account.login_failed',
      subjectType: 'user',
      subjectId: row.id,
      regionCode: row.region_code,
      details: { username: row.username, reason: 'sms_code' },
      requestId: meta.requestId,
      ip: meta.ip,
      at: ctx.now(),
    });
    throw error;
  }

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.session.absoluteHours * 3_600_000);
  const sessionId = sessionIdOf(token);
  await ctx.db.transaction().execute(async (trx) => {
    await insertSession(trx, { id: sessionId, userId: row.id, csrfToken, now, expiresAt });
    await insertAuditEvent(trx, {
      actorUserId: row.id,
      action: 'account.login',
      subjectType: 'user',
      subjectId: row.id,
      regionCode: row.region_code,
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
  });
  await clearLoginFailures(ctx, attempt);
  return {
    token,
    csrfToken,
    sessionId,
    user: toCurrentUser(personalDataCipher(ctx.config), row),
    actor: toActor(row),
  };
}

/**
 * Opens a session for a user who has just proven who they are another way (registration, an identity provider),
 * inside the caller's transaction when one is given.
 */
export async function openSession(
  ctx: AppContext,
  userId: string,
  db: Database = ctx.db,
): Promise<SessionView & { token: string }> {
  const row = await findUserProfile(db, { id: userId });
  if (!row) throw new AppError('NOT_FOUND', '账号不存在');
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.session.absoluteHours * 3_600_000);
  const sessionId = sessionIdOf(token);
  await insertSession(db, { id: sessionId, userId, csrfToken, now, expiresAt });
  return {
    token,
    csrfToken,
    sessionId,
    user: toCurrentUser(personalDataCipher(ctx.config), row),
    actor: toActor(row),
  };
}

/** Resolves a session token to its user, or undefined when it is unknown, idle too long, expired or disabled. */
export async function resumeSession(ctx: AppContext, token: string): Promise<SessionView | undefined> {
  const id = sessionIdOf(token);
  const row = await findSessionWithUser(ctx.db, id);
  if (!row) return undefined;
  const now = ctx.now();
  const idleLimit = new Date(now.getTime() - ctx.config.session.idleMinutes * 60_000);
  if (row.expires_at <= now || row.last_seen_at <= idleLimit) {
    await deleteSession(ctx.db, id);
    return undefined;
  }
  if (row.is_disabled) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > touchIntervalMs) await touchSession(ctx.db, id, now);
  return {
    user: toCurrentUser(personalDataCipher(ctx.config), row),
    actor: toActor(row),
    csrfToken: row.csrf_token,
    sessionId: id,
  };
}

/** Ends the session of this token. */
export async function logOut(
  ctx: AppContext,
  token: string,
  meta: RequestMeta,
  actor?: Actor,
): Promise<void> {
  if (actor) authorizeActor(actor, 'session.end');
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSession(trx, sessionIdOf(token));
    if (actor) {
      await insertAuditEvent(trx, {
        actorUserId: actor.userId,
        action: 'account.logout',
        subjectType: 'user',
        subjectId: actor.userId,
        regionCode: actor.regionCode,
        requestId: meta.requestId,
        ip: meta.ip,
        at: ctx.now(),
      });
    }
  });
}

/** 退出所有设备: ends every session of the actor, this one included. */
export async function logOutEverywhere(ctx: AppContext, actor: Actor, meta: RequestMeta): Promise<void> {
  authorizeActor(actor, 'session.end');
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSessionsOfUser(trx, actor.userId);
    await insertAuditEvent(trx, {
      actorUserId: actor.userId,
      action: 'account.logout_everywhere',
      subjectType: 'user',
      subjectId: actor.userId,
      regionCode: actor.regionCode,
      requestId: meta.requestId,
      ip: meta.ip,
      at: ctx.now(),
    });
  });
}

// A hash of a random string, used only to spend the same time on unknown usernames.
let dummyHashPromise: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  return (dummyHashPromise ??= hashPassword(randomBytes(16).toString('hex')));
}
