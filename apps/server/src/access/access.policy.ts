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
