import type { RegionPassUpView } from '@zhibao/contracts';
import { authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { insertAuditEvent } from '../../audit/audit-event.repository.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { enqueueSideEffects } from '../../outbox/side-effects.ts';
import { adminLevelLabel, adminLevelOfRegion } from '../../region/admin-level.ts';
import { formatPeriodLabel } from '../../task/period.ts';
import { isLevelAbove } from '../review-level.ts';
import {
  findTaskInReach,
  levelDeadlineOf,
  listRegionPassUps,
  regionInReach,
} from '../region-submission.service.ts';
import { countActiveAdmins, findTakeover, insertTakeover } from '../region-workflow.repository.ts';
import { findRegionSubmission } from '../review.repository.ts';
import { chainSettingsCache } from '../review-scope.ts';

/**
 * 代为审核: an upper level takes over a region's review of a task when the region's level deadline has passed
 * or it has no administrator who can sign in, so that no district blocks the chain. From then on the upper
 * level's administrators decide the region's filings in its place (each decision recorded as 代为审核) and pass
 * the region up. Recorded in the audit trail with the actor's address; both levels see it.
 */
export async function takeOverRegion(
  ctx: AppContext,
  actor: Actor,
  input: { taskId: string; regionCode: string },
  meta: RequestMeta,
): Promise<RegionPassUpView> {
  const admin = authorizeActor(actor, 'region.take-over');
  const task = await findTaskInReach(ctx, admin, input.taskId);
  const region = await regionInReach(ctx, admin, input.regionCode, 'region.take-over');
  const level = adminLevelOfRegion(region);
  if (region.code === admin.regionCode || !isLevelAbove(admin.adminLevel, level)) throw notFound('地区');
  const settingsOf = chainSettingsCache(ctx);
  if (!(await settingsOf(region.code)).levels.includes(level)) {
    throw new AppError('CONFLICT', `${region.name}不在本省的审核层级中，无需代为审核`);
  }
  if (await findTakeover(ctx.db, { taskId: task.id, regionCode: region.code })) {
    throw new AppError('CONFLICT', `${region.name}的审核已由上级代为审核`);
  }
  if ((await findRegionSubmission(ctx.db, task.id, region.code))?.status === 'submitted') {
    throw new AppError('CONFLICT', `${region.name}已上报，无需代为审核`);
  }
  const hasActiveAdmin = ((await countActiveAdmins(ctx.db, [region.code])).get(region.code) ?? 0) > 0;
  const deadline = await levelDeadlineOf(settingsOf, task, region);
  const now = ctx.now();
  const isPastDeadline = deadline !== null && deadline.getTime() < now.getTime();
  if (hasActiveAdmin && !isPastDeadline) {
    throw new AppError(
      'TAKEOVER_NOT_ALLOWED',
      `${region.name}的审核截止时间${deadline ? `（${deadline.toISOString().slice(0, 10)}）` : ''}未到且有管理员，不能代为审核；可先提醒该地区管理员`,
    );
  }
  const reason = hasActiveAdmin ? 'deadline-passed' : 'no-active-admin';
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertTakeover(trx, {
      taskId: task.id,
      regionCode: region.code,
      level,
      byRegionCode: admin.regionCode,
      byLevel: admin.adminLevel,
      byUser: admin.userId,
      reason,
    });
    if (!inserted) throw new AppError('CONFLICT', `${region.name}的审核已由上级代为审核`);
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'region.take-over',
      subjectType: 'region',
      subjectId: region.code,
      regionCode: region.code,
      requestId: meta.requestId,
      ip: meta.ip,
      details: {
        taskId: task.id,
        level,
        byLevel: admin.adminLevel,
        reason,
        deadline: deadline?.toISOString() ?? null,
      },
    });
    await enqueueSideEffects(trx, [
      {
        kind: 'region-notice',
        notice: {
          regionCode: region.code,
          kind: 'region-taken-over',
          title: `${formatPeriodLabel(task.period_type, task.period)}「${task.name}」由${adminLevelLabel[admin.adminLevel]}代为审核`,
          body:
            reason === 'no-active-admin'
              ? `${region.name}没有可用的管理员账号，本任务的审核由上级代为完成。`
              : `${region.name}的审核截止时间已过，本任务尚未审核的报表由上级代为审核。`,
          taskId: task.id,
          sentBy: admin.userId,
        },
      },
    ]);
  });
  ctx.outbox?.wake();
  const list = await listRegionPassUps(ctx, admin, { taskId: task.id, regionCode: region.code });
  return list.own!;
}
