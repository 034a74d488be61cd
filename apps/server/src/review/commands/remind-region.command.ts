import { authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { insertAuditEvent } from '../../audit/audit-event.repository.ts';
import { notFound } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { enqueueSideEffects } from '../../outbox/side-effects.ts';
import { adminLevelLabel, adminLevelOfRegion } from '../../region/admin-level.ts';
import { formatPeriodLabel } from '../../task/period.ts';
import { isLevelAbove } from '../review-level.ts';
import { findTaskInReach, levelDeadlineOf, regionInReach } from '../region-submission.service.ts';
import { countActiveAdmins } from '../region-workflow.repository.ts';
import { chainSettingsCache } from '../review-scope.ts';

/**
 * 提醒下级: an upper level reminds a region's administrators of a task's review and pass-up (a notice on their
 * board, through the outbox), naming the region's deadline. Answers how many administrators can read it.
 */
export async function remindRegion(
  ctx: AppContext,
  actor: Actor,
  input: { taskId: string; regionCode: string; message?: string },
  meta: RequestMeta,
): Promise<{ activeAdmins: number }> {
  const admin = authorizeActor(actor, 'region.remind');
  const task = await findTaskInReach(ctx, admin, input.taskId);
  const region = await regionInReach(ctx, admin, input.regionCode, 'region.remind');
  const level = adminLevelOfRegion(region);
  if (region.code === admin.regionCode || !isLevelAbove(admin.adminLevel, level)) throw notFound('地区');
  const deadline = await levelDeadlineOf(chainSettingsCache(ctx), task, region);
  const periodLabel = formatPeriodLabel(task.period_type, task.period);
  const message =
    input.message ||
    `请尽快完成${periodLabel}「${task.name}」的审核并上报${deadline ? `，本级审核截止时间为${deadline.toISOString().slice(0, 10)}` : ''}。`;
  await ctx.db.transaction().execute(async (trx) => {
    await enqueueSideEffects(trx, [
      {
        kind: 'region-notice',
        notice: {
          regionCode: region.code,
          kind: 'region-reminder',
          title: `${adminLevelLabel[admin.adminLevel]}提醒：${periodLabel}「${task.name}」待审核上报`,
          body: message,
          taskId: task.id,
          sentBy: admin.userId,
        },
      },
    ]);
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'region.remind',
      subjectType: 'region',
      subjectId: region.code,
      regionCode: region.code,
      requestId: meta.requestId,
      ip: meta.ip,
      details: { taskId: task.id, level, message },
    });
  });
  ctx.outbox?.wake();
  return { activeAdmins: (await countActiveAdmins(ctx.db, [region.code])).get(region.code) ?? 0 };
}
