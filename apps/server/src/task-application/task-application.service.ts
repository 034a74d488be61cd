import type { RequestMeta } from '../http/request-meta.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { assertCanAccessEnterprise, requireEnterpriseActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import { isWithinRegion } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { PeriodType, TaskApplicationStatus } from '../db/schema.ts';
import { findEnterpriseForFiling } from '../filing/filing.repository.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { formatPeriodLabel } from '../task/period.ts';
import {
  listApplicationsOfEnterprise,
  listOpenRegionalTasks,
  upsertApplication,
} from './task-application.repository.ts';

export interface ApplicableTask {
  taskId: string;
  taskName: string;
  periodType: PeriodType;
  period: string;
  periodLabel: string;
  closesAt: string;
  /** 'not_applied' (未申请), then the application's status (待审核 / 已通过 / 未通过). */
  status: TaskApplicationStatus | 'not_applied';
  decisionNote: string | null;
}

async function loadOwnEnterprise(ctx: AppContext, actor: Actor) {
  const { enterpriseId } = requireEnterpriseActor(actor);
  const enterprise = await findEnterpriseForFiling(ctx.db, enterpriseId);
  assertCanAccessEnterprise(actor, enterprise && { id: enterprise.id, regionCode: enterprise.region_code });
  return enterprise;
}

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
  const enterprise = await loadOwnEnterprise(ctx, actor);
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
  const enterprise = await loadOwnEnterprise(ctx, actor);
  const task = (await applicableTasksOf(ctx, enterprise)).find((candidate) => candidate.id === taskId);
  if (!task) throw notFound('可申请的填报任务');
  const status: TaskApplicationStatus = enterprise.is_in_scope ? 'approved' : 'pending';
  const now = ctx.now();
  const application = await ctx.db.transaction().execute(async (trx) => {
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
