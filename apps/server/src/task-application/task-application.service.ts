import type { ApplicableTask, TaskApplicationView } from '@zhibao/contracts';
import type { RequestMeta } from '../http/request-meta.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { isWithinRegion, regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { TaskApplicationStatus } from '../db/schema.ts';
import { loadOwnEnterprise } from '../filing/filing-scope.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { enqueueSideEffects } from '../outbox/side-effects.ts';
import { formatPeriodLabel } from '../task/period.ts';
import {
  decidePendingApplication,
  findApplicationById,
  findApplicationOfPeriod,
  listApplicationsInRegion,
  listApplicationsOfEnterprise,
  listOpenRegionalTasks,
  upsertApplication,
} from './task-application.repository.ts';

async function applicableTasksOf(ctx: AppContext, enterprise: { region_code: string }) {
  const tasks = await listOpenRegionalTasks(ctx.db, ctx.now());
  return tasks.filter((task) =>
    isWithinRegion(task.owner_region_code, task.owner_region_level, enterprise.region_code),
  );
}

/** 填报任务申请: the provincial and municipal tasks of the enterprise's region that are still open. */
export async function listApplicableTasks(
  ctx: AppContext,
  actor: Actor,
  filter: { keyword?: string },
): Promise<ApplicableTask[]> {
  const enterprise = await loadOwnEnterprise(ctx, actor, 'task-application.list');
  const [tasks, applications] = await Promise.all([
    applicableTasksOf(ctx, enterprise),
    listApplicationsOfEnterprise(ctx.db, enterprise.id),
  ]);
  const byTask = new Map(applications.map((application) => [application.task_id, application]));
  return tasks
    .filter((task) => !filter.keyword || task.name.includes(filter.keyword))
    .map((task) => {
      const application = byTask.get(task.id);
      return {
        taskId: task.id,
        taskName: task.name,
        periodType: task.period_type,
        period: task.period,
        periodLabel: formatPeriodLabel(task.period_type, task.period),
        closesAt: task.closes_at.toISOString(),
        status: application?.status ?? 'not_applied',
        decisionNote: application?.decision_note ?? null,
      };
    });
}

/**
 * 任务申请: approved at once when the enterprise is in its region's directory (纳统), otherwise waiting for
 * the district administrator; an approved task appears in 我的填报任务.
 */
export async function applyForTask(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  meta: RequestMeta,
): Promise<ApplicableTask> {
  const enterprise = await loadOwnEnterprise(ctx, actor, 'task-application.apply');
  const task = (await applicableTasksOf(ctx, enterprise)).find((candidate) => candidate.id === taskId);
  if (!task) throw notFound('可申请的填报任务');
  const status: TaskApplicationStatus = enterprise.is_in_scope ? 'approved' : 'pending';
  const periodLabel = formatPeriodLabel(task.period_type, task.period);
  const samePeriod = await findApplicationOfPeriod(ctx.db, {
    enterpriseId: enterprise.id,
    taskId,
    periodType: task.period_type,
    period: task.period,
  });
  if (samePeriod) throw onePerPeriodError(periodLabel, samePeriod.task_name);
  const now = ctx.now();
  const application = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const row = await upsertApplication(trx, {
        taskId,
        enterpriseId: enterprise.id,
        status,
        userId: actor.userId,
        now,
      });
      if (!row) return undefined;
      await insertAuditEvent(trx, {
        actorUserId: actor.userId,
        action: 'task-application.apply',
        subjectType: 'task_application',
        subjectId: row.id,
        regionCode: enterprise.region_code,
        details: { taskId, status: row.status, isAutomatic: row.status === 'approved' },
        requestId: meta.requestId,
        ip: meta.ip,
      });
      return row;
    })
    .catch((error: unknown) => {
      // Another application of the same period committed meanwhile (the database's unique index said so).
      if (isUniqueViolation(error)) throw onePerPeriodError(periodLabel, null);
      throw error;
    });
  if (!application) throw new AppError('CONFLICT', '已申请过该任务，请勿重复申请');
  return {
    taskId: task.id,
    taskName: task.name,
    periodType: task.period_type,
    period: task.period,
    periodLabel: formatPeriodLabel(task.period_type, task.period),
    closesAt: task.closes_at.toISOString(),
    status: application.status,
    decisionNote: null,
  };
}

/** The refusal of a second 地方 task of one report period, naming the period (and the task already taken). */
function onePerPeriodError(periodLabel: string, takenTaskName: string | null): AppError {
  const taken = takenTaskName ? `“${takenTaskName}”` : '该报告期的其他任务';
  return new AppError(
    'CONFLICT',
    `本企业已申请${periodLabel}的${taken}，同一报告期只能填报一份报表，请勿重复申请`,
    [{ name: 'taskId', reason: `已申请${periodLabel}的其他任务` }],
  );
}

type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplicationById>>>;

function applicationViewOf(row: ApplicationRow): TaskApplicationView {
  return {
    id: row.id,
    taskId: row.task_id,
    taskName: row.task_name,
    periodLabel: formatPeriodLabel(row.period_type, row.period),
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    uscc: row.uscc,
    regionName: row.region_name,
    status: row.status,
    appliedAt: row.applied_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionNote: row.decision_note,
  };
}

/** 任务申请审批: the applications of the enterprises in the administrator's region, pending ones by default. */
export async function listApplicationsForReview(
  ctx: AppContext,
  actor: Actor,
  filter: { status: TaskApplicationStatus },
): Promise<TaskApplicationView[]> {
  const admin = authorizeActor(actor, 'task-application.queue');
  const rows = await listApplicationsInRegion(ctx.db, {
    regionPrefix: regionScopePrefix(admin.regionCode, admin.regionLevel),
    status: filter.status,
  });
  return rows.map(applicationViewOf);
}

const decisionLabel = { approved: '已通过', refused: '未通过' } as const;

/**
 * 通过 / 不通过: the district administrator decides a pending application; the enterprise is told in its 消息.
 * An approved task appears in the enterprise's 我的填报任务.
 */
async function decideApplication(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  decision: { status: 'approved' | 'refused'; reason: string | null },
  meta: RequestMeta,
): Promise<TaskApplicationView> {
  const admin = authorizeActor(actor, 'task-application.decide');
  const application = await findApplicationById(ctx.db, applicationId);
  authorize(actor, 'task-application.decide', application && { code: application.region_code });
  if (application.status !== 'pending') {
    throw new AppError('CONFLICT', `该申请已审批（${decisionLabel[application.status]}），不能再次审批`);
  }
  const now = ctx.now();
  const decided = await ctx.db.transaction().execute(async (trx) => {
    const row = await decidePendingApplication(trx, {
      id: application.id,
      status: decision.status,
      userId: admin.userId,
      now,
      note: decision.reason,
    });
    if (!row) return undefined;
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: decision.status === 'approved' ? 'task-application.approve' : 'task-application.refuse',
      subjectType: 'task_application',
      subjectId: application.id,
      regionCode: application.region_code,
      details: {
        taskId: application.task_id,
        enterpriseId: application.enterprise_id,
        reason: decision.reason,
      },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    // The enterprise's notice, queued with the decision and written by the outbox worker.
    const periodLabel = formatPeriodLabel(application.period_type, application.period);
    await enqueueSideEffects(trx, [
      {
        kind: 'notice',
        notice: {
          enterpriseId: application.enterprise_id,
          kind: 'task-application-decided',
          title: `${periodLabel}任务申请${decisionLabel[decision.status]}`,
          body:
            decision.status === 'approved'
              ? `您申请的“${application.task_name}”已通过审批，请在“我的填报任务”中填报。`
              : `您申请的“${application.task_name}”未通过审批。\n原因：${decision.reason}`,
          taskId: application.task_id,
          sentBy: admin.userId,
        },
      },
    ]);
    return row;
  });
  // Someone else decided between the load and the update: the same answer as deciding twice.
  if (!decided) throw new AppError('CONFLICT', '该申请已被审批，不能再次审批');

  ctx.outbox?.wake();
  return applicationViewOf({
    ...application,
    status: decided.status,
    decided_at: decided.decided_at,
    decision_note: decided.decision_note,
  });
}

export function approveApplication(ctx: AppContext, actor: Actor, applicationId: string, meta: RequestMeta) {
  return decideApplication(ctx, actor, applicationId, { status: 'approved', reason: null }, meta);
}

export function refuseApplication(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  reason: string,
  meta: RequestMeta,
) {
  return decideApplication(ctx, actor, applicationId, { status: 'refused', reason }, meta);
}
