import type { AdminAccountView, AssignableRegion } from '@zhibao/contracts';
import { authorize, authorizeActor, can } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { adminLevelOfRegion } from '../region/admin-level.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { maskMobile, maskStoredMobile } from '../personal-data/sealed-mobile.ts';
import {
  findAdminAccount,
  findRegion,
  insertAdminAccount,
  listAdminAccountsInRegion,
  listChildRegions,
  setUserDisabled,
} from './admin-account.repository.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { hashPassword } from './password.ts';
import { assertStrongPassword } from './password-policy.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import { findUserByMobile, findUserByUsername, lockMobileForAccounts } from './user.repository.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';

/** 管理员账号: every administrator below the actor; those of the regions directly below can be managed. */
export async function listAdminAccounts(ctx: AppContext, actor: Actor): Promise<AdminAccountView[]> {
  const admin = authorizeActor(actor, 'account.list');
  const rows = await listAdminAccountsInRegion(ctx.db, {
    regionPrefix: regionScopePrefix(admin.regionCode, admin.regionLevel),
    exceptUserId: admin.userId,
  });
  return rows
    .filter((row) => row.region_code !== admin.regionCode)
    .map((row) => ({
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      maskedMobile: maskStoredMobile(personalDataCipher(ctx.config), row),
      adminLevel: row.admin_level,
      region: { code: row.region_code, name: row.region_name },
      isDisabled: row.is_disabled,
      canManage: can(admin, 'account.manage', {
        regionCode: row.region_code,
        regionParentCode: row.region_parent_code,
      }),
      createdAt: row.created_at.toISOString(),
    }));
}

/** The divisions the actor may create administrators for, with the level those administrators get. */
export async function listAssignableRegions(ctx: AppContext, actor: Actor): Promise<AssignableRegion[]> {
  const admin = authorizeActor(actor, 'account.list');
  const regions = await listChildRegions(ctx.db, admin.regionCode);
  return regions.map((region) => ({
    code: region.code,
    name: region.name,
    adminLevel: adminLevelOfRegion(region),
  }));
}

const takenUsername = '该登录名已被使用';

function conflict(field: string, reason: string): AppError {
  return new AppError('CONFLICT', reason, [{ name: field, reason }]);
}

/** Creates an administrator for a division directly inside the actor's region, at that division's level. */
export async function createAdminAccount(
  ctx: AppContext,
  actor: Actor,
  input: { username: string; displayName: string; mobile: string; regionCode: string; password: string },
  meta: RequestMeta,
) {
  const admin = authorizeActor(actor, 'account.create');
  const region = await findRegion(ctx.db, input.regionCode);
  authorize(actor, 'account.create', region && { code: region.code, parentCode: region.parent_code });
  assertStrongPassword(input.password, input.username);
  const adminLevel = adminLevelOfRegion(region);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  const created = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const cipher = personalDataCipher(ctx.config);
      await lockMobileForAccounts(trx, input.mobile);
      if (await findUserByUsername(trx, input.username)) throw conflict('username', takenUsername);
      if (await findUserByMobile(trx, cipher, input.mobile))
        throw conflict('mobile', '该手机号已被其他账号使用');
      const row = await insertAdminAccount(trx, cipher, {
        ...input,
        passwordHash,
        adminLevel,
        createdBy: admin.userId,
        now,
      });
      await insertAuditEvent(trx, {
        actorUserId: admin.userId,
        action: 'account.admin_created',
        subjectType: 'user',
        subjectId: row.id,
        regionCode: region.code,
        details: { username: input.username, adminLevel },
        requestId: meta.requestId,
        ip: meta.ip,
        at: now,
      });
      return row;
    })
    .catch((error: unknown) => {
      // Two administrators created at once under one name: the unique index decides.
      if (isUniqueViolation(error)) throw conflict('username', takenUsername);
      throw error;
    });
  return {
    id: created.id,
    username: input.username,
    displayName: input.displayName,
    maskedMobile: maskMobile(input.mobile),
    adminLevel,
    region: { code: region.code, name: region.name },
    isDisabled: false,
    canManage: true,
    createdAt: now.toISOString(),
  } satisfies AdminAccountView;
}

/** 停用 / 启用: a disabled administrator is signed out everywhere and cannot log in. */
export async function setAdminAccountDisabled(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  isDisabled: boolean,
  meta: RequestMeta,
) {
  authorizeActor(actor, 'account.manage');
  const target = await findAdminAccount(ctx.db, userId);
  authorize(
    actor,
    'account.manage',
    target && { regionCode: target.region_code, regionParentCode: target.region_parent_code },
  );
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await setUserDisabled(trx, target.id, isDisabled);
    if (isDisabled) await deleteSessionsOfUser(trx, target.id);
    await insertAuditEvent(trx, {
      actorUserId: actor.userId,
      action: isDisabled ? 'account.admin_disabled' : 'account.admin_enabled',
      subjectType: 'user',
      subjectId: target.id,
      regionCode: target.region_code,
      details: { username: target.username },
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
  });
  return { id: target.id, isDisabled };
}
