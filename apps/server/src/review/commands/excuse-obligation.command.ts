import type { ExcuseObligationInput, ExcusalView } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { insertAuditEvent } from '../../audit/audit-event.repository.ts';
import { isApprovedAt } from '../../completeness/completeness-figures.ts';
import { listRegionObligations } from '../../completeness/region-obligations.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { findRegion } from '../../region/region.repository.ts';
import { findEnterpriseForTask } from '../../task/task.repository.ts';
import { reopenPassUpsAffectedBy } from '../region-pass-up.ts';
import { findTaskInReach, toExcusalView } from '../region-submission.service.ts';
import { insertExcusal, listExcusals } from '../region-workflow.repository.ts';

/**
 * 免报: an administrator decides that an enterprise of their region need not file the task (停业, 注销, 迁出,
 * 不再纳统), with the reason recorded and shown to the levels above. A decision on the obligation, never a change
 * of the enterprise's figures: its filing, if any, is untouched. A pass-up above that it changes is re-opened.
 */
export async function excuseObligation(
  ctx: AppContext,
  actor: Actor,
  input: ExcuseObligationInput,
  meta: RequestMeta,
): Promise<ExcusalView> {
  const admin = authorizeActor(actor, 'obligation.excuse');
  const enterprise = await findEnterpriseForTask(ctx.db, input.enterpriseId);
  authorize(
    admin,
    'obligation.excuse',
    enterprise && { id: enterprise.id, regionCode: enterprise.region_code },
  );
  const task = await findTaskInReach(ctx, admin, input.taskId);
  const division = (await findRegion(ctx.db, enterprise.region_code))!;
  const obligation = (await listRegionObligations(ctx.db, task, division)).find(
    (fact) => fact.enterprise_id === enterprise.id,
  );
  if (!obligation) {
    throw new AppError('CONFLICT', `${enterprise.name}不在本任务的应报范围内，无需免报`, [
      { name: 'enterpriseId', reason: '不在应报范围内' },
    ]);
  }
  if (obligation.is_excused) throw new AppError('CONFLICT', `${enterprise.name}已免报`);
  if (isApprovedAt(obligation, admin.adminLevel)) {
    throw new AppError('CONFLICT', `${enterprise.name}的报表已审核通过，无需免报`);
  }
  const note = input.note || null;
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertExcusal(trx, {
      taskId: task.id,
      enterpriseId: enterprise.id,
      reason: input.reason,
      note,
      excusedBy: admin.userId,
      level: admin.adminLevel,
    });
    if (!inserted) throw new AppError('CONFLICT', `${enterprise.name}已免报`);
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'obligation.excuse',
      subjectType: 'enterprise',
      subjectId: enterprise.id,
      regionCode: enterprise.region_code,
      requestId: meta.requestId,
      ip: meta.ip,
      details: {
        taskId: task.id,
        enterpriseId: enterprise.id,
        level: admin.adminLevel,
        reason: input.reason,
        note,
      },
    });
    await reopenPassUpsAffectedBy(trx, {
      taskId: task.id,
      regionCode: enterprise.region_code,
      actorUserId: admin.userId,
      requestId: meta.requestId,
      ip: meta.ip,
      now: ctx.now(),
    });
  });
  ctx.outbox?.wake();
  const rows = await listExcusals(ctx.db, { taskId: task.id, regionPrefix: enterprise.region_code });
  const row = rows.find((each) => each.enterprise_id === enterprise.id)!;
  return toExcusalView(row);
}
