import { authorize, authorizeActor, type AdminActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { listRegionObligations } from '../../completeness/region-obligations.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { findRegion } from '../../region/region.repository.ts';
import { findReviewChainOfRegion } from '../../review/review-chain.repository.ts';
import { formatChinaTime } from '../../notice/china-time.ts';
import { formatPeriodLabel } from '../../task/period.ts';
import {
  findEnterpriseForTask,
  findTaskWithOwnerRegion,
  type TaskWithOwnerRow,
} from '../../task/task.repository.ts';
import type {
  GrantExtensionInput,
  GrantRegionExtensionInput,
  GrantedExtension,
  GrantedRegionExtension,
} from '@zhibao/contracts';
import { listApplicationStatuses } from '../../task-application/task-application.repository.ts';
import { isApplicationTask } from '../../task-application/task-application.rules.ts';
import { stateOf } from '../filing-scope.ts';
import { applyFilingCommand } from '../filing-transitions.ts';
import { findFilingOfTask } from '../filing.repository.ts';
import { commitFilingTransition } from './commit-filing-transition.ts';

interface Extension {
  until: Date;
  reason: string;
  /** Set when granted to a whole region (地区延期), recorded with each enterprise's extension. */
  regionCode?: string;
}

async function taskOfExtension(ctx: AppContext, admin: AdminActor, taskId: string, until: Date) {
  const task = await findTaskWithOwnerRegion(ctx.db, taskId);
  authorize(admin, 'task.read', task);
  if (until <= task.closes_at) {
    throw new AppError('VALIDATION_FAILED', '延期截止时间应晚于任务的填报截止时间', [
      { name: 'until', reason: '应晚于任务的填报截止时间' },
    ]);
  }
  return task;
}

/**
 * One enterprise's extension. The deadline lives on the filing row, so a filing not started yet is created (the
 * table says as what: an empty draft) to carry it; the enterprise is told in its 消息.
 */
async function extendEnterpriseDeadline(
  ctx: AppContext,
  admin: AdminActor,
  task: TaskWithOwnerRow,
  enterprise: { id: string; name: string; region_code: string },
  extension: Extension,
  meta: RequestMeta,
): Promise<string> {
  const [filing, chain] = await Promise.all([
    findFilingOfTask(ctx.db, task.id, enterprise.id),
    findReviewChainOfRegion(ctx.db, enterprise.region_code),
  ]);
  if (!filing && isApplicationTask(task)) {
    // A 省/市 task is taken up by applying: an extension must not create a filing the enterprise never asked for.
    const applications = await listApplicationStatuses(ctx.db, task.id, [enterprise.id]);
    if (applications.get(enterprise.id) !== 'approved') {
      throw new AppError('CONFLICT', `${enterprise.name}尚未申请该任务，无需延期`);
    }
  }
  const transition = applyFilingCommand(stateOf(filing, false), { type: 'extend' }, chain.levels);
  if (!transition.ok) throw new AppError(transition.code, `${enterprise.name}${transition.reason}`);
  const periodLabel = formatPeriodLabel(task.period_type, task.period);
  const { id: filingId } = await commitFilingTransition(ctx.db, {
    filing: filing ?? { taskId: task.id, enterpriseId: enterprise.id },
    next: transition.state,
    write: { kind: 'deadline', until: extension.until },
    audit: {
      action: 'filing.extend',
      details: {
        until: extension.until.toISOString(),
        previous: filing?.deadline_extended_until?.toISOString() ?? null,
        reason: extension.reason,
        ...(extension.regionCode ? { regionCode: extension.regionCode } : {}),
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
          title: `${periodLabel}报表已延期`,
          body: `${periodLabel}任务“${task.name}”的填报截止时间延至 ${formatChinaTime(extension.until)}。\n原因：${extension.reason}`,
          filingId,
          taskId: task.id,
          sentBy: admin.userId,
        },
      },
    ],
  });
  return filingId;
}

/** 延期: a single enterprise may file after the task's deadline, until the given time. */
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
  const task = await taskOfExtension(ctx, admin, taskId, input.until);
  const filingId = await extendEnterpriseDeadline(ctx, admin, task, enterprise, input, meta);
  ctx.outbox?.wake();
  return { filingId, until: input.until.toISOString() };
}

/**
 * 地区延期: every enterprise of a region (the administrator's own or one below it) that owes the task and has not
 * submitted it may file until the new deadline, each recorded and told as for one enterprise. Left as they are,
 * and named: the ones already 已报, excused (免报), still to apply for a 省/市 task (an extension would create a
 * filing they never asked for), and those whose own deadline is already as late.
 */
export async function grantRegionExtension(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: GrantRegionExtensionInput,
  meta: RequestMeta,
): Promise<GrantedRegionExtension> {
  const admin = authorizeActor(actor, 'region.extend');
  const region = await findRegion(ctx.db, input.regionCode);
  authorize(admin, 'region.extend', region);
  const task = await taskOfExtension(ctx, admin, taskId, input.until);
  const obligations = await listRegionObligations(ctx.db, task, region);
  const result: GrantedRegionExtension = { until: input.until.toISOString(), extended: [], skipped: [] };
  for (const fact of obligations) {
    const enterprise = { enterpriseId: fact.enterprise_id, name: fact.name };
    const skipReason = fact.is_submitted
      ? ('submitted' as const)
      : fact.is_excused
        ? ('excused' as const)
        : fact.is_awaiting_application
          ? ('not-applied' as const)
          : fact.deadline_extended_until !== null && fact.deadline_extended_until >= input.until
            ? ('later' as const)
            : null;
    if (skipReason) {
      result.skipped.push({ ...enterprise, reason: skipReason });
      continue;
    }
    const filingId = await extendEnterpriseDeadline(
      ctx,
      admin,
      task,
      { id: fact.enterprise_id, name: fact.name, region_code: fact.region_code },
      { ...input, regionCode: region.code },
      meta,
    );
    result.extended.push({ ...enterprise, filingId });
  }
  ctx.outbox?.wake();
  return result;
}
