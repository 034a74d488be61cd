import { AppError, notFound } from '../http/app-error.ts';
import type { Actor } from './actor.ts';
import { isWithinRegion } from './region-scope.ts';

/**
 * The confidentiality rule of the statistics law in one place: an enterprise's data is seen by the
 * enterprise itself and by the administrators of its region and of the levels above.
 */
export function canAccessEnterprise(actor: Actor, enterprise: { id: string; regionCode: string }): boolean {
  if (actor.role === 'enterprise') return actor.enterpriseId === enterprise.id;
  return isWithinRegion(actor.regionCode, actor.regionLevel, enterprise.regionCode);
}

/** Throws the same "not found" for data that does not exist and data that is not the actor's. */
export function assertCanAccessEnterprise(
  actor: Actor,
  enterprise: { id: string; regionCode: string } | undefined,
  what = '企业',
): asserts enterprise {
  if (!enterprise || !canAccessEnterprise(actor, enterprise)) throw notFound(what);
}

/** Enterprise-side operations: the actor must be an enterprise user bound to an enterprise. */
export function requireEnterpriseActor(actor: Actor): Actor & { enterpriseId: string } {
  if (actor.role !== 'enterprise' || !actor.enterpriseId) {
    throw new AppError('FORBIDDEN', '该功能仅供企业填报用户使用');
  }
  return actor as Actor & { enterpriseId: string };
}

/** Administrative operations: the actor must be an administrator. */
export function requireAdminActor(actor: Actor): Actor & { adminLevel: NonNullable<Actor['adminLevel']> } {
  if (actor.role !== 'admin' || !actor.adminLevel) {
    throw new AppError('FORBIDDEN', '该功能仅供管理员使用');
  }
  return actor as Actor & { adminLevel: NonNullable<Actor['adminLevel']> };
}

/** Any enterprise-side account, bound or not yet bound (registration, verification, binding). */
export function requireEnterpriseUser(actor: Actor): Actor {
  if (actor.role !== 'enterprise') throw new AppError('FORBIDDEN', '该功能仅供企业用户使用');
  return actor;
}

/** The manager of an enterprise's accounts sees and removes the other filer accounts of that enterprise. */
export function requireEnterpriseManager(actor: Actor): Actor & { enterpriseId: string } {
  const enterpriseActor = requireEnterpriseActor(actor);
  if (!actor.isEnterpriseManager) {
    throw new AppError('FORBIDDEN', '只有本企业的账号管理人（法人账号或最先绑定的账号）可以管理填报账号');
  }
  return enterpriseActor;
}

/** An account bound to the manager's enterprise; anything else reads as "not found". */
export function assertCanManageEnterpriseAccount(
  actor: Actor,
  target: { enterpriseId: string | null } | undefined,
): asserts target {
  const manager = requireEnterpriseManager(actor);
  if (!target || target.enterpriseId !== manager.enterpriseId) throw notFound('账号');
}

/**
 * Administrator accounts are created and disabled by the administrator of the level directly above,
 * for a division directly inside their own region (部 → 省 or 直辖市, 省 → 市, 市 → 区县).
 */
export function canManageAdminAccountsOf(actor: Actor, region: { code: string; parentCode: string | null }) {
  return actor.role === 'admin' && region.parentCode === actor.regionCode;
}

/** Throws "not found" for admin accounts outside the actor's reach, so their existence is not revealed. */
export function assertCanManageAdminAccount(
  actor: Actor,
  target: { regionCode: string; regionParentCode: string | null } | undefined,
): asserts target {
  requireAdminActor(actor);
  if (
    !target ||
    !canManageAdminAccountsOf(actor, { code: target.regionCode, parentCode: target.regionParentCode })
  ) {
    throw notFound('管理员账号');
  }
}

/** Administrators see what happens in their region and the regions below it. */
export function canViewRegion(actor: Actor, regionCode: string): boolean {
  return actor.role === 'admin' && isWithinRegion(actor.regionCode, actor.regionLevel, regionCode);
}

/** An account's own data (profile, password, scans) belongs to its owner alone. */
export function assertOwnsAccountData(
  actor: Actor,
  owner: { userId: string } | undefined,
  what = '账号',
): asserts owner {
  if (!owner || owner.userId !== actor.userId) throw notFound(what);
}

/**
 * A binding request that the enterprise's account manager decides (a 自然人 joining an enterprise that has a
 * manager): only that enterprise's manager sees or decides it; anything else reads as "not found".
 */
export function assertCanDecideBindingAsManager(
  actor: Actor,
  request: { enterpriseId: string; reviewer: string } | undefined,
): asserts request {
  const manager = requireEnterpriseManager(actor);
  if (!request || request.reviewer !== 'manager' || request.enterpriseId !== manager.enterpriseId) {
    throw notFound('绑定申请');
  }
}

/**
 * A binding request that an administrator reviews (法人 claims, enterprises without a manager): any administrator
 * of the enterprise's region — the district or a level above it — sees and decides it; others get "not found".
 */
export function assertCanReviewBinding(
  actor: Actor,
  request: { enterpriseRegionCode: string; reviewer: string } | undefined,
): asserts request {
  requireAdminActor(actor);
  if (
    !request ||
    request.reviewer !== 'administrator' ||
    !canViewRegion(actor, request.enterpriseRegionCode)
  ) {
    throw notFound('绑定申请');
  }
}
