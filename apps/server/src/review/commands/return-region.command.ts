import type { ReturnedRegion } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import { regionScopePrefix } from '../../access/region-scope.ts';
import type { AppContext } from '../../app-context.ts';
import { insertAuditEvent } from '../../audit/audit-event.repository.ts';
import { commitFilingTransition } from '../../filing/commands/commit-filing-transition.ts';
import { applyFilingCommand } from '../../filing/filing-transitions.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { findRegion } from '../../region/region.repository.ts';
import { findReviewChainOfRegion } from '../review-chain.repository.ts';
import { isLevelAbove } from '../review-level.ts';
import {
  findRegionSubmissionById,
  listSubmittedFilings,
  markRegionSubmissionReturned,
} from '../review.repository.ts';

/**
 * 退回地区: the level above returns a region's pass-up; its filings waiting here go back to that level (退回下级),
 * all in one transaction with the pass-up's own record.
 */
export async function returnRegion(
  ctx: AppContext,
  caller: Actor,
  submissionId: string,
  reason: string,
  meta: RequestMeta,
): Promise<ReturnedRegion> {
  const admin = authorizeActor(caller, 'region.return');
  const submission = await findRegionSubmissionById(ctx.db, submissionId);
  const region = submission && (await findRegion(ctx.db, submission.region_code));
  authorize(admin, 'region.return', region ?? undefined);
  if (
    !submission ||
    submission.region_code === admin.regionCode ||
    !isLevelAbove(admin.adminLevel, submission.level)
  ) {
    throw notFound('上报记录');
  }
  if (submission.status !== 'submitted') throw new AppError('CONFLICT', '该地区的上报已被退回');
  const filings = await listSubmittedFilings(ctx.db, {
    regionPrefix: regionScopePrefix(region!.code, region!.level),
    pendingLevel: admin.adminLevel,
    taskId: submission.task_id,
  });
  const now = ctx.now();
  const actor = { userId: admin.userId, requestId: meta.requestId, ip: meta.ip };
  let returnedFilings = 0;
  await ctx.db.transaction().execute(async (trx) => {
    await markRegionSubmissionReturned(trx, { id: submission.id, reason, returnedBy: admin.userId, now });
    for (const row of filings) {
      const chain = await findReviewChainOfRegion(trx, row.region_code);
      const result = applyFilingCommand(
        { status: row.status, pendingLevel: row.pending_level, hasReviewerActed: true },
        { type: 'send-back', level: admin.adminLevel, to: submission.level },
        chain.levels,
      );
      if (!result.ok) continue;
      // 退回下级 of each filing through the shared step, inside this one transaction.
      await commitFilingTransition(trx, {
        filing: row,
        next: result.state,
        write: { kind: 'state' },
        review: { level: admin.adminLevel, action: 'send-back', reason, isOfLatestRevision: false },
        audit: {
          action: 'filing.send-back',
          details: { level: admin.adminLevel, to: submission.level, reason },
        },
        regionCode: row.region_code,
        actor,
        now,
      });
      returnedFilings += 1;
    }
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'region.return',
      subjectType: 'region-submission',
      subjectId: submission.id,
      regionCode: submission.region_code,
      requestId: meta.requestId,
      ip: meta.ip,
      details: { taskId: submission.task_id, reason, returnedFilings },
    });
  });
  return { returnedFilings };
}
