import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { insertAuditEvent } from '../../audit/audit-event.repository.ts';
import { AppError } from '../../http/app-error.ts';
import { formatPeriodLabel, formatReportName } from '../period.ts';
import { recordObligationsAtPublication } from '../task-obligation.repository.ts';
import { insertTasks, listTasksWithOwnerRegion, type NewTask } from '../task.repository.ts';
import type { PublishTaskInput } from '@zhibao/contracts';
import type { RequestMeta } from '../../http/request-meta.ts';
import type { AdminTaskView } from '@zhibao/contracts';
import { toView } from '../task.service.ts';
import {
  requirePublisher,
  checkScope,
  resolveEdition,
  checkReviewDeadlines,
  ownerTag,
} from '../task-publishing.ts';

/** 发布调查任务: the ministry, or a province for its own region, publishes a report period with its windows. */
export async function publishTask(
  ctx: AppContext,
  actor: Actor,
  input: PublishTaskInput,
  meta: RequestMeta,
): Promise<AdminTaskView> {
  const admin = requirePublisher(actor);
  const editionId = resolveEdition(input.editionId, input.period);
  const problems = [
    ...(await checkScope(ctx, admin, input.scopeRegionCodes)),
    ...checkReviewDeadlines(input.closesAt, input.reviewDeadlines),
  ];
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', '任务设置有误，请检查标出的项', problems);
  const task: NewTask = {
    name:
      input.name ||
      `${ownerTag(admin)}${formatReportName(input.periodType, input.period).replace('-企业月报表', '')}`,
    editionId,
    periodType: input.periodType,
    period: input.period,
    ownerLevel: admin.adminLevel,
    ownerRegionCode: admin.regionCode,
    audience: input.audience,
    scopeRegionCodes: input.scopeRegionCodes,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    reviewDeadlines: Object.fromEntries(
      Object.entries(input.reviewDeadlines).map(([level, date]) => [level, date.toISOString()]),
    ),
    publishedBy: admin.userId,
  };
  const id = await ctx.db.transaction().execute(async (trx) => {
    const [inserted] = await insertTasks(trx, [task]);
    if (!inserted) {
      throw new AppError(
        'CONFLICT',
        `本辖区${formatPeriodLabel(input.periodType, input.period)}的任务已发布`,
        [{ name: 'period', reason: '该报告期的任务已存在' }],
      );
    }
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'task.publish',
      subjectType: 'task',
      subjectId: inserted.id,
      regionCode: admin.regionCode,
      requestId: meta.requestId,
      ip: meta.ip,
      details: { period: input.period, periodType: input.periodType, audience: input.audience },
    });
    // 应报 of record: the directory as it stands now; a later addition joins only by a recorded decision.
    await recordObligationsAtPublication(trx, [inserted.id]);
    return inserted.id;
  });
  const tasks = await listTasksWithOwnerRegion(ctx.db);
  return toView(
    admin,
    tasks.find((row) => row.id === id)!,
  );
}
