import { canAccessEnterprise, requireAdminActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AdminLevel } from '../db/schema.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { adminLevelLabel } from '../region/admin-level.ts';

interface RequestScope {
  enterpriseId: string;
  regionCode: string;
  decidingLevel: AdminLevel;
}

/** A change request is decided by an administrator of the level that gave final acceptance, over the region. */
export function canDecideChangeRequest(actor: Actor, request: RequestScope): boolean {
  return (
    actor.role === 'admin' &&
    actor.adminLevel === request.decidingLevel &&
    canAccessEnterprise(actor, { id: request.enterpriseId, regionCode: request.regionCode })
  );
}

/**
 * Outside the administrator's region the request does not exist (404); inside it, the levels below the deciding
 * one see it read-only (403), as for the review actions of another level.
 */
export function assertCanDecideChangeRequest(
  actor: Actor,
  request: RequestScope | undefined,
): asserts request {
  requireAdminActor(actor);
  if (!request || !canAccessEnterprise(actor, { id: request.enterpriseId, regionCode: request.regionCode })) {
    throw notFound('更正申请');
  }
  if (!canDecideChangeRequest(actor, request)) {
    throw new AppError(
      'FORBIDDEN',
      `更正申请由终审的${adminLevelLabel[request.decidingLevel]}管理员处理，本级仅可查看`,
    );
  }
}
