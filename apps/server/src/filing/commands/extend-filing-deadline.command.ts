import { authorize, authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { findReviewChainOfRegion } from '../../review/review-chain.repository.ts';
import { formatChinaTime } from '../../notice/china-time.ts';
import { formatPeriodLabel } from '../../task/period.ts';
import { findEnterpriseForTask, findTaskWithOwnerRegion } from '../../task/task.repository.ts';
import type { GrantExtensionInput, GrantedExtension } from '@zhibao/contracts';
import { stateOf } from '../filing-scope.ts';
import { applyFilingCommand } from '../filing-transitions.ts';
import { findFilingOfTask } from '../filing.repository.ts';
import { commitFilingTransition } from './commit-filing-transition.ts';

/**
 * 延期: a single enterprise may file after the task's deadline, until the given time. The deadline lives on the
 * filing row, so a filing not started yet is created (the table says as what: an empty draft) to carry it.
 */
export async function grantExtension(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: GrantExtensionInput,
  meta: RequestMeta,
): Promise<GrantedExtension> {
  const admin = authorizeActor(actor, 'filing.extend');
  const enterprise = await findEnterpriseForTask(ctx.db, input.enterpriseId);
  authorize(admin, 'filing.extend', enterprise && { id: enterprise.id, regionCode: enterprise.region_code });
  const task = await findTaskWithOwnerRegion(ctx.db, taskId);
  authorize(admin, 'task.read', task);
  if (input.until <= task.closes_at) {
    throw new AppError('VALIDATION_FAILED', '延期截止时间应晚于任务的填报截止时间', [
      { name: 'until', reason: '应晚于任务的填报截止时间' },
    ]);
  }
  const [filing, chain] = await Promise.all([
    findFilingOfTask(ctx.db, taskId, enterprise.id),
    findReviewChainOfRegion(ctx.db, enterprise.region_code),
  ]);
  const transition = applyFilingCommand(stateOf(filing, false), { type: 'extend' }, chain.levels);
  if (!transition.ok) throw new AppError(transition.code, `${enterprise.name}${transition.reason}`);
  const { id: filingId } = await commitFilingTransition(ctx.db, {
    filing: filing ?? { taskId, enterpriseId: enterprise.id },
    next: transition.state,
    write: { kind: 'deadline', until: input.until },
    audit: {
      action: 'filing.extend',
      details: {
        until: input.until.toISOString(),
        previous: filing?.deadline_extended_until?.toISOString() ?? null,
        reason: input.reason,
      },
    },
    regionCode: enterprise.region_code,
    actor: { userId: admin.userId, requestId: meta.requestId, ip: meta.ip },
    now: ctx.now(),
    // The enterprise's notice, queued with the extension.
    sideEffects: (filingId) => [
      {
        kind: 'notice',
        notice: {
          enterpriseId: enterprise.id,
          kind: 'extension',
          title: `${formatPeriodLabel(task.period_type, task.period)}报表已延期`,
          body: `${formatPeriodLabel(task.period_type, task.period)}任务“${task.name}”的填报截止时间延至 ${formatChinaTime(input.until)}。原因：${input.reason}`,
          filingId,
          taskId,
          sentBy: admin.userId,
        },
      },
    ],
  });
  ctx.outbox?.wake();
  return { filingId, until: input.until.toISOString() };
}
