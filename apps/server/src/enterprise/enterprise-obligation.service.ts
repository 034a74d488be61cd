import type { JoinableTasks } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { AppError } from '../http/app-error.ts';
import { joinOpenTasks, listJoinableOpenTasks } from '../task/task-obligation.repository.ts';
import { findEnterpriseById } from './enterprise.repository.ts';

async function loadEnterprise(
  ctx: AppContext,
  actor: Actor,
  enterpriseId: string,
  action: 'enterprise.read' | 'enterprise.join-open-tasks',
) {
  const admin = authorizeActor(actor, action);
  const row = await findEnterpriseById(ctx.db, enterpriseId);
  authorize(admin, action, row && { id: row.id, regionCode: row.region_code });
  return { admin, row };
}

/** The open tasks that would select a listed enterprise it has not joined (it was listed after they were published). */
export async function listJoinableTasks(
  ctx: AppContext,
  actor: Actor,
  enterpriseId: string,
): Promise<JoinableTasks> {
  const { row } = await loadEnterprise(ctx, actor, enterpriseId, 'enterprise.read');
  const tasks = await listJoinableOpenTasks(ctx.db, [row.id], ctx.now());
  return { tasks: tasks.map((task) => ({ taskId: task.task_id, taskName: task.task_name })) };
}

/**
 * 加入本期应报: the administrator decides that an enterprise listed (or brought into 纳统) after the open tasks were
 * published must file them. Closed tasks are never joined; the decision is in the audit trail.
 */
export async function joinEnterpriseToOpenTasks(
  ctx: AppContext,
  actor: Actor,
  enterpriseId: string,
  requestId?: string,
): Promise<JoinableTasks> {
  const { admin, row } = await loadEnterprise(ctx, actor, enterpriseId, 'enterprise.join-open-tasks');
  const joined = await ctx.db.transaction().execute(async (trx) => {
    const rows = await joinOpenTasks(trx, {
      enterpriseIds: [row.id],
      now: ctx.now(),
      decidedBy: admin.userId,
    });
    if (rows.length > 0) {
      await insertAuditEvent(trx, {
        actorUserId: admin.userId,
        action: 'enterprise.join_open_tasks',
        subjectType: 'enterprise',
        subjectId: row.id,
        regionCode: row.region_code,
        requestId,
        details: { enterpriseIds: [row.id], taskIds: rows.map((item) => item.task_id), via: 'directory' },
      });
    }
    return rows;
  });
  if (joined.length === 0) {
    throw new AppError(
      'CONFLICT',
      '没有可加入的本期任务：企业已在所有进行中任务的应报范围内，或不符合任务的填报范围',
    );
  }
  return listJoinableTasks(ctx, actor, enterpriseId);
}
