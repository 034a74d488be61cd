import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { hashPassword, isPasswordCorrect } from './password.ts';
import { deleteSession, findSession, insertSession, touchSession } from './session.repository.ts';
import { findUserProfile, type UserProfileRow } from './user.repository.ts';

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  role: Actor['role'];
  adminLevel: Actor['adminLevel'];
  region: { code: string; name: string };
  enterprise: { id: string; name: string; uscc: string } | null;
}

export interface SessionView {
  user: CurrentUser;
  actor: Actor;
  csrfToken: string;
}

// Only the hash of a session token is stored, so a leaked sessions table cannot be replayed.
function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

// A last-seen write on every request would turn reads into writes; a minute's precision is enough for idle timeouts.
const touchIntervalMs = 60_000;

function toCurrentUser(row: UserProfileRow): CurrentUser {
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
  };
}

/** Checks username and password and opens a new session; the token goes into an HttpOnly cookie. */
export async function logIn(
  ctx: AppContext,
  credentials: { username: string; password: string },
): Promise<SessionView & { token: string }> {
  const row = await findUserProfile(ctx.db, { username: credentials.username });
  // Verify against a hash even when the user is unknown, so timing does not reveal which usernames exist.
  const isCorrect = await isPasswordCorrect(row?.password_hash ?? (await dummyHash()), credentials.password);
  if (!row || !isCorrect) throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
  if (row.is_disabled) throw new AppError('INVALID_CREDENTIALS', '该账号已被停用，请联系上级管理员');

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.session.absoluteHours * 3_600_000);
  await insertSession(ctx.db, { id: sessionIdOf(token), userId: row.id, csrfToken, now, expiresAt });
  return { token, csrfToken, user: toCurrentUser(row), actor: toActor(row) };
}

/** Resolves a session token to its user, or undefined when it is unknown, idle too long, expired or disabled. */
export async function resumeSession(ctx: AppContext, token: string): Promise<SessionView | undefined> {
  const id = sessionIdOf(token);
  const session = await findSession(ctx.db, id);
  if (!session) return undefined;
  const now = ctx.now();
  const idleLimit = new Date(now.getTime() - ctx.config.session.idleMinutes * 60_000);
  if (session.expires_at <= now || session.last_seen_at <= idleLimit) {
    await deleteSession(ctx.db, id);
    return undefined;
  }
  const row = await findUserProfile(ctx.db, { id: session.user_id });
  if (!row || row.is_disabled) return undefined;
  if (now.getTime() - session.last_seen_at.getTime() > touchIntervalMs) await touchSession(ctx.db, id, now);
  return { user: toCurrentUser(row), actor: toActor(row), csrfToken: session.csrf_token };
}

/** Ends the session of this token. */
export async function logOut(ctx: AppContext, token: string): Promise<void> {
  await deleteSession(ctx.db, sessionIdOf(token));
}

// A hash of a random string, used only to spend the same time on unknown usernames.
let dummyHashPromise: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  return (dummyHashPromise ??= hashPassword(randomBytes(16).toString('hex')));
}
