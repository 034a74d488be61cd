import { canViewRegion } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import { AppError, notFound } from '../http/app-error.ts';

/**
 * A pending 填报任务申请 is decided by the district (区县) administrator of the enterprise's region; the levels
 * above see it in their lists but leave the decision to the district. An application outside the actor's
 * region answers like a missing one.
 */
export function assertCanDecideApplication(
  actor: Actor,
  application: { regionCode: string } | undefined,
): asserts application {
  if (!application || !canViewRegion(actor, application.regionCode)) throw notFound('任务申请');
  if (actor.adminLevel !== 'county') {
    throw new AppError('FORBIDDEN', '任务申请由企业所在区县的管理员审批');
  }
}
