import type { RegionPassUpView } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { insertAuditEvent } from '../../audit/audit-event.repository.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { enqueueSideEffects } from '../../outbox/side-effects.ts';
import { adminLevelLabel } from '../../region/admin-level.ts';
import { findRegion } from '../../region/region.repository.ts';
import { formatPeriodLabel } from '../../task/period.ts';
import { findTaskInReach, isDirectChildInChain, listRegionPassUps } from '../region-submission.service.ts';
import { findRegionSubmissionById, markRegionSubmissionReturned } from '../review.repository.ts';

/**
 * 退回地区: the level above returns a direct child's pass-up with a reason. Only the pass-up goes back: the
 * approvals of the region's filings stand (a filing is returned on its own, from the review page). The region's
 * administrators are told through the outbox. A grandchild's pass-up is its parent's to return.
 */
export async function returnRegion(
  ctx: AppContext,
  caller: Actor,
  submissionId: string,
  reason: string,
  meta: RequestMeta,
): Promise<RegionPassUpView> {
  const admin = authorizeActor(caller, 'region.return');
  const submission = await findRegionSubmissionById(ctx.db, submissionId);
  const region = submission && (await findRegion(ctx.db, submission.region_code));
  authorize(admin, 'region.return', region ?? undefined);
  if (!submission || !(await isDirectChildInChain(ctx, admin, region!))) throw notFound('上报记录');
  const task = await findTaskInReach(ctx, admin, submission.task_id);
  if (submission.status !== 'submitted') throw new AppError('CONFLICT', '该地区目前没有待审的上报，无需退回');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await markRegionSubmissionReturned(trx, { id: submission.id, reason, returnedBy: admin.userId, now });
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'region.return',
      subjectType: 'region-submission',
      subjectId: submission.id,
      regionCode: submission.region_code,
      requestId: meta.requestId,
      ip: meta.ip,
      details: { taskId: submission.task_id, reason },
    });
    await enqueueSideEffects(trx, [
      {
        kind: 'region-notice',
        notice: {
          regionCode: submission.region_code,
          kind: 'region-returned',
          title: `${formatPeriodLabel(task.period_type, task.period)}「${task.name}」的上报被${adminLevelLabel[admin.adminLevel]}退回`,
          body: `退回原因：${reason}\n各企业报表的审核结果不变，请核实后重新上报。`,
          taskId: task.id,
          sentBy: admin.userId,
        },
      },
    ]);
  });
  ctx.outbox?.wake();
  const list = await listRegionPassUps(ctx, admin, { taskId: task.id });
  return list.children.find((child) => child.regionCode === submission.region_code)!;
}
