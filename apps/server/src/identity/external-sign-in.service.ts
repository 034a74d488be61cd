import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { FirstSignInAnswer, IdentityProvidersAnswer, LogOutAnswer } from '@zhibao/contracts';
import type { Actor } from '../access/actor.ts';
import { authorizeActor } from '../access/policy.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import type { IdentityProviderSettings } from '../config.ts';
import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { AppError } from '../http/app-error.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { maskMobile } from '../personal-data/sealed-mobile.ts';
import { grantBindingRequest } from '../account/binding-decision.ts';
import { insertBindingRequest } from '../account/binding-request.repository.ts';
import { findBindingState, findDirectoryEnterpriseByUscc } from '../account/binding.repository.ts';
import { hashPassword } from '../account/password.ts';
import { insertRegisteredUser } from '../account/registration.repository.ts';
import { logIn, logOut, openSession, resumeSession, type SessionView } from '../account/session.service.ts';
import { findUserProfile } from '../account/user.repository.ts';
import { maskIdNumber } from '../account/verification.service.ts';
import {
  findConfirmedLegalPersonByUscc,
  findVerification,
  insertProviderVerification,
  markUserVerified,
} from '../account/verification.repository.ts';
import {
  consumeFirstSignIn,
  consumeSignInAttempt,
  deleteExpiredSignIns,
  findExternalSession,
  findFirstSignIn,
  findLinkedUser,
  insertExternalIdentity,
  insertExternalSession,
  insertFirstSignIn,
  insertSignInAttempt,
  touchExternalIdentity,
} from './external-identity.repository.ts';
import { providerLogoutUrlOf, signInUrlOf, validateAnswer } from './sign-in-protocol.ts';
import { realNameVerificationOf, verifiedIdentityOf, type VerifiedIdentity } from './verified-identity.ts';

// A person has ten minutes at the provider, and another thirty to create or link an account afterwards.
const attemptMinutes = 10;
const firstSignInMinutes = 30;

function hashOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

function minutesAfter(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}

/** The identity platforms the login page offers. */
export function listIdentityProviders(ctx: AppContext): IdentityProvidersAnswer {
  return { providers: ctx.config.identityProviders.map(({ id, label }) => ({ id, label })) };
}

function providerOf(ctx: AppContext, providerId: string): IdentityProviderSettings {
  const provider = ctx.config.identityProviders.find((candidate) => candidate.id === providerId);
  if (!provider) throw new AppError('NOT_FOUND', '未配置该统一身份认证平台');
  return provider;
}

/**
 * 使用政务服务平台账号登录, step 1: records the attempt (state hashed, nonce, PKCE verifier) and answers the
 * provider's sign-in page (OpenID Connect or CAS). The state also goes into the browser's cookie, so the answer is taken only in the
 * browser that asked.
 */
export async function startExternalSignIn(
  ctx: AppContext,
  providerId: string,
): Promise<{ redirectUrl: string; state: string }> {
  const provider = providerOf(ctx, providerId);
  const attempt = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
  };
  const redirectUrl = await signInUrlOf(ctx, provider, attempt);
  const now = ctx.now();
  await deleteExpiredSignIns(ctx.db, now);
  await insertSignInAttempt(ctx.db, {
    stateHash: hashOf(attempt.state),
    providerId: provider.id,
    nonce: attempt.nonce,
    codeVerifier: attempt.codeVerifier,
    at: now,
    expiresAt: minutesAfter(now, attemptMinutes),
  });
  return { redirectUrl, state: attempt.state };
}

export type ExternalSignInOutcome =
  { kind: 'session'; session: SessionView & { token: string } } | { kind: 'first-sign-in'; token: string };

/** Why a provider's answer was not taken, as the login page names it. */
export type SignInRefusal = 'state' | 'token' | 'disabled';

export class ExternalSignInRefused extends Error {
  constructor(readonly reason: SignInRefusal) {
    super(`external sign-in refused: ${reason}`);
  }
}

/**
 * Step 2, the provider's answer: the state must be the browser's and an unused attempt's (a replayed or forged
 * answer is refused); then OpenID Connect's code is exchanged with the PKCE verifier and the ID token validated
 * (signature, issuer, audience, expiry, nonce), or CAS's service ticket is validated for the attempt's service URL. A linked account is signed in; an unknown identity waits for the person to create or
 * link an account.
 */
export async function finishExternalSignIn(
  ctx: AppContext,
  providerId: string,
  answer: URL,
  browserState: string | undefined,
  meta: RequestMeta,
): Promise<ExternalSignInOutcome> {
  const provider = providerOf(ctx, providerId);
  const state = answer.searchParams.get('state');
  const refuse = async (reason: SignInRefusal, detail: string): Promise<never> => {
    await insertAuditEvent(ctx.db, {
      actorUserId: null,
      action: 'account.identity_sign_in_refused',
      subjectType: 'identity_provider',
      subjectId: provider.id,
      regionCode: null,
      details: { provider: provider.id, reason: detail.slice(0, 200) },
      requestId: meta.requestId,
      ip: meta.ip,
      at: ctx.now(),
    });
    throw new ExternalSignInRefused(reason);
  };
  if (!state || state !== browserState) return refuse('state', 'state does not match the browser');
  const attempt = await consumeSignInAttempt(ctx.db, hashOf(state), provider.id, ctx.now());
  if (!attempt) return refuse('state', 'state unknown, used already or expired');

  let result: Awaited<ReturnType<typeof validateAnswer>>;
  try {
    result = await validateAnswer(ctx, provider, answer, {
      state,
      nonce: attempt.nonce,
      codeVerifier: attempt.code_verifier,
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    return refuse('token', error instanceof Error ? error.message : String(error));
  }

  const linked = await findLinkedUser(ctx.db, provider.id, result.subject);
  const now = ctx.now();
  if (linked) {
    const profile = await findUserProfile(ctx.db, { id: linked.user_id });
    if (!profile || profile.is_disabled) return refuse('disabled', 'the linked account is disabled');
    const session = await ctx.db.transaction().execute(async (trx) => {
      await touchExternalIdentity(trx, provider.id, result.subject, now);
      return openProviderSession(ctx, trx, linked.user_id, provider, result.idToken, meta);
    });
    return { kind: 'session', session };
  }
  const token = randomBytes(32).toString('base64url');
  await insertFirstSignIn(ctx.db, personalDataCipher(ctx.config), {
    tokenHash: hashOf(token),
    providerId: provider.id,
    subject: result.subject,
    claims: { ...verifiedIdentityOf(provider, result.claims) },
    idToken: result.idToken,
    at: now,
    expiresAt: minutesAfter(now, firstSignInMinutes),
  });
  return { kind: 'first-sign-in', token };
}

async function openProviderSession(
  ctx: AppContext,
  trx: Database,
  userId: string,
  provider: IdentityProviderSettings,
  idToken: string | null,
  meta: RequestMeta,
): Promise<SessionView & { token: string }> {
  const session = await openSession(ctx, userId, trx);
  await insertExternalSession(trx, personalDataCipher(ctx.config), {
    sessionId: session.sessionId,
    providerId: provider.id,
    idToken,
  });
  await insertAuditEvent(trx, {
    actorUserId: userId,
    action: 'account.login',
    subjectType: 'user',
    subjectId: userId,
    regionCode: session.actor.regionCode,
    details: { identityProvider: provider.id },
    requestId: meta.requestId,
    ip: meta.ip,
    at: ctx.now(),
  });
  return session;
}

const takenUsername = '该用户名已被使用，请换一个';

const firstSignInGone = () =>
  new AppError('NOT_FOUND', '政务服务平台登录已失效，请重新使用政务服务平台账号登录');

async function loadFirstSignIn(ctx: AppContext, token: string | undefined) {
  if (!token) throw firstSignInGone();
  const row = await findFirstSignIn(ctx.db, personalDataCipher(ctx.config), hashOf(token), ctx.now());
  if (!row) throw firstSignInGone();
  return {
    provider: providerOf(ctx, row.provider_id),
    subject: row.subject,
    identity: row.claims as unknown as VerifiedIdentity,
    idToken: row.id_token,
  };
}

/** What the provider verified, for the page where the person creates or links an account. */
export async function getFirstSignIn(ctx: AppContext, token: string | undefined): Promise<FirstSignInAnswer> {
  const { provider, identity } = await loadFirstSignIn(ctx, token);
  const verification = realNameVerificationOf(identity);
  const enterprise =
    verification?.uscc !== null && verification?.uscc !== undefined
      ? await findDirectoryEnterpriseByUscc(ctx.db, verification.uscc)
      : undefined;
  return {
    providerLabel: provider.label,
    name: identity.name,
    accountType: identity.accountType,
    maskedIdNumber: identity.idNumber ? maskIdNumber(identity.idNumber) : null,
    uscc: identity.uscc,
    organizationName: identity.organizationName,
    maskedMobile: identity.mobile ? maskMobile(identity.mobile) : null,
    enterprise: enterprise ? { name: enterprise.name, uscc: enterprise.uscc } : null,
  };
}

/**
 * 创建新账号: a new Zhibao account from the provider's verified identity — its mobile, its 实名认证 confirmed by the
 * provider, and a 法人 identity bound to its enterprise — linked to the identity and signed in.
 */
export async function createAccountFromFirstSignIn(
  ctx: AppContext,
  token: string | undefined,
  input: { username: string },
  meta: RequestMeta,
): Promise<SessionView & { token: string }> {
  const pending = await loadFirstSignIn(ctx, token);
  // The account signs in through the provider; a password nobody knows until the person sets one (找回密码).
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  const now = ctx.now();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      if (!(await consumeFirstSignIn(trx, hashOf(token!), now))) throw firstSignInGone();
      const user = await insertRegisteredUser(trx, personalDataCipher(ctx.config), {
        username: input.username,
        passwordHash,
        mobile: pending.identity.mobile,
        now,
      });
      await insertAuditEvent(trx, {
        actorUserId: user.id,
        action: 'account.registered',
        subjectType: 'user',
        subjectId: user.id,
        regionCode: null,
        details: { username: input.username },
        requestId: meta.requestId,
        ip: meta.ip,
        at: now,
      });
      await linkIdentity(trx, user.id, pending, {
        created: true,
        at: now,
        meta,
        cipher: personalDataCipher(ctx.config),
      });
      return openProviderSession(ctx, trx, user.id, pending.provider, pending.idToken, meta);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', takenUsername, [{ name: 'username', reason: takenUsername }]);
    }
    throw error;
  }
}

/**
 * 绑定已有账号: the existing account's password and SMS code, as a login asks (with its throttle and lock), then
 * the identity is linked to it; an account not yet real-name verified takes the provider's verification.
 */
export async function linkAccountFromFirstSignIn(
  ctx: AppContext,
  token: string | undefined,
  credentials: Parameters<typeof logIn>[1],
  meta: RequestMeta,
): Promise<SessionView & { token: string }> {
  const pending = await loadFirstSignIn(ctx, token);
  const proven = await logIn(ctx, credentials, meta);
  const now = ctx.now();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await consumeFirstSignIn(trx, hashOf(token!), now))) throw firstSignInGone();
      await linkIdentity(trx, proven.actor.userId, pending, {
        created: false,
        at: now,
        meta,
        cipher: personalDataCipher(ctx.config),
      });
      await insertExternalSession(trx, personalDataCipher(ctx.config), {
        sessionId: proven.sessionId,
        providerId: pending.provider.id,
        idToken: pending.idToken,
      });
    });
  } catch (error) {
    // The login proved the password and code, but the link did not happen: the session it opened goes too.
    await logOut(ctx, proven.token, meta);
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', `该账号已关联另一个${pending.provider.label}账号`);
    }
    throw error;
  }
  // The link may have verified and bound the account: the answer shows it as it is now.
  const current = await resumeSession(ctx, proven.token);
  return current ? { ...current, token: proven.token } : proven;
}

async function linkIdentity(
  trx: Database,
  userId: string,
  pending: Awaited<ReturnType<typeof loadFirstSignIn>>,
  link: { created: boolean; at: Date; meta: RequestMeta; cipher: PersonalDataCipher },
): Promise<void> {
  await insertExternalIdentity(trx, {
    providerId: pending.provider.id,
    subject: pending.subject,
    userId,
    at: link.at,
  });
  await insertAuditEvent(trx, {
    actorUserId: userId,
    action: 'account.identity_linked',
    subjectType: 'user',
    subjectId: userId,
    regionCode: null,
    details: { provider: pending.provider.id, created: link.created },
    requestId: link.meta.requestId,
    ip: link.meta.ip,
    at: link.at,
  });
  await applyProviderVerification(trx, userId, pending.provider, pending.identity, link);
}

/**
 * The provider's verification stands for Zhibao's 实名认证 of an account that has none; a 法人 identity verified
 * for a USCC of the directory binds the account to that enterprise as its manager, through the one binding step.
 */
async function applyProviderVerification(
  trx: Database,
  userId: string,
  provider: IdentityProviderSettings,
  identity: VerifiedIdentity,
  link: { at: Date; meta: RequestMeta; cipher: PersonalDataCipher },
): Promise<void> {
  const verification = realNameVerificationOf(identity);
  if (!verification || (await findVerification(trx, userId))) return;
  if (verification.uscc && (await findConfirmedLegalPersonByUscc(trx, verification.uscc))) {
    throw new AppError(
      'CONFLICT',
      `统一社会信用代码为 ${verification.uscc} 的企业已有法人账号，请使用该法人账号登录，或联系其持有人`,
    );
  }
  await insertProviderVerification(trx, link.cipher, {
    userId,
    providerId: provider.id,
    accountType: verification.accountType,
    realName: verification.realName,
    idNumber: identity.idNumber,
    uscc: verification.uscc,
    organizationName: identity.organizationName,
    at: link.at,
  });
  await markUserVerified(trx, userId, {
    accountType: verification.accountType,
    displayName: verification.realName,
    at: link.at,
  });
  await insertAuditEvent(trx, {
    actorUserId: userId,
    action: 'account.verified',
    subjectType: 'user',
    subjectId: userId,
    regionCode: null,
    details: {
      accountType: verification.accountType,
      identityProvider: provider.id,
      ...(verification.uscc ? { uscc: verification.uscc } : {}),
    },
    requestId: link.meta.requestId,
    ip: link.meta.ip,
    at: link.at,
  });

  if (!verification.uscc) return;
  const enterprise = await findDirectoryEnterpriseByUscc(trx, verification.uscc);
  const account = await findBindingState(trx, userId);
  if (!enterprise || account?.enterprise_id) return;
  const request = await insertBindingRequest(trx, {
    userId,
    enterpriseId: enterprise.id,
    reviewer: 'administrator',
    isLegalPersonClaim: true,
    businessLicenseId: null,
    authorizationLetterId: null,
    registryResult: 'confirmed',
    at: link.at,
  });
  await insertAuditEvent(trx, {
    actorUserId: userId,
    action: 'account.binding_requested',
    subjectType: 'user',
    subjectId: userId,
    regionCode: enterprise.region_code,
    details: {
      requestId: request.id,
      enterpriseId: enterprise.id,
      uscc: enterprise.uscc,
      reviewer: 'administrator',
      isLegalPersonClaim: true,
      registryResult: 'confirmed',
    },
    requestId: link.meta.requestId,
    ip: link.meta.ip,
    at: link.at,
  });
  await grantBindingRequest(
    trx,
    {
      id: request.id,
      user_id: userId,
      enterprise_id: enterprise.id,
      is_legal_person_claim: true,
      enterprise_uscc: enterprise.uscc,
      enterprise_region_code: enterprise.region_code,
    },
    { via: 'identity_provider', by: null, reason: null, at: link.at, meta: link.meta },
  );
}

/**
 * 退出: ends the Zhibao session and, when it was opened through a provider that can end its own session, answers
 * the provider's logout page for the browser to go to next.
 */
export async function endSession(
  ctx: AppContext,
  actor: Actor,
  session: { token: string; sessionId: string },
  meta: RequestMeta,
): Promise<LogOutAnswer> {
  authorizeActor(actor, 'session.end');
  const external = await findExternalSession(ctx.db, personalDataCipher(ctx.config), session.sessionId);
  const provider = external
    ? ctx.config.identityProviders.find((candidate) => candidate.id === external.provider_id)
    : undefined;
  await logOut(ctx, session.token, meta, actor);
  if (!external || !provider) return { endSessionUrl: null };
  try {
    return { endSessionUrl: await providerLogoutUrlOf(ctx, provider, external.id_token) };
  } catch {
    // The provider cannot be reached: the Zhibao session has ended all the same.
    return { endSessionUrl: null };
  }
}
