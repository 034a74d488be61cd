import type { ChangeRequestView, ChangeRequestsInRegion, FilingChangeRequests } from '@zhibao/contracts';
import { authorize, authorizeActor, can } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import type { AdminLevel } from '../db/schema.ts';
import { commitFilingTransition } from '../filing/commands/commit-filing-transition.ts';
import { applyFilingCommand } from '../filing/filing-transitions.ts';
import { formatChinaDateTime } from '../filing/filing-window.ts';
import { loadVisibleFiling } from '../filing/filing.service.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { noticeSmsText, type NoticeSms } from '../notice/notice-sms.ts';
import { enqueueSideEffects, type SideEffect } from '../outbox/side-effects.ts';
import { adminLevelLabel } from '../region/admin-level.ts';
import { findReviewChainOfRegion } from '../review/review-chain.repository.ts';
import { formatPeriodLabel } from '../task/period.ts';
import {
  countPendingForLevel,
  decideChangeRequest,
  findChangeRequest,
  insertChangeRequest,
  listChangeRequestsInRegion,
  listChangeRequestsOfFiling,
  type ChangeRequestRow,
} from './change-request.repository.ts';
import type { ChangeRequestListQuery } from '@zhibao/contracts';

/** How long a granted change stays open when the task's own window is shorter (or already closed). */
export const reopenedWindowDays = 7;

function present(actor: Actor, row: ChangeRequestRow): ChangeRequestView {
  return {
    id: row.id,
    filingId: row.filing_id,
    taskId: row.task_id,
    taskName: row.task_name,
    periodLabel: formatPeriodLabel(row.period_type, row.period),
    enterpriseName: row.enterprise_name,
    uscc: row.uscc,
    regionName: row.region_name,
    reason: row.reason,
    status: row.status,
    decidingLevel: row.deciding_level,
    requestedBy: row.requested_by_name,
    requestedAt: row.requested_at.toISOString(),
    decidedBy: row.decided_by_name,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionNote: row.decision_note,
    canDecide:
      row.status === 'pending' &&
      can(actor, 'change-request.decide', {
        enterpriseId: row.enterprise_id,
        regionCode: row.region_code,
        decidingLevel: row.deciding_level,
      }),
  };
}

/** Only the last level of the chain makes a filing 审核通过, so it is the level that accepted it. */
function decidingLevelOf(levels: readonly AdminLevel[]): AdminLevel {
  return levels.at(-1) ?? 'ministry';
}

function applyRefusalOf(filing: { status: string }, requests: ChangeRequestRow[]): string | null {
  if (filing.status !== 'approved')
    return '只有审核通过并锁定的报表需要申请更正；未锁定的报表请按提示修改或取消上报';
  if (requests.some((request) => request.status === 'pending'))
    return '该报表已有待处理的更正申请，请等待审核';
  return null;
}

/** 更正申请 of one filing, for the enterprise and the administrators above it, with whether one may be made now. */
export async function listFilingChangeRequests(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
): Promise<FilingChangeRequests> {
  const filing = await loadVisibleFiling(ctx, actor, filingId);
  const [requests, chain] = await Promise.all([
    listChangeRequestsOfFiling(ctx.db, filing.id),
    findReviewChainOfRegion(ctx.db, filing.region_code),
  ]);
  const refusal = actor.role === 'enterprise' ? applyRefusalOf(filing, requests) : '更正申请由企业提出';
  return {
    items: requests.map((row) => present(actor, row)),
    canApply: refusal === null,
    applyRefusal: refusal,
    decidingLevel: decidingLevelOf(chain.levels),
  };
}

/** 申请更正: the enterprise asks the level that gave final acceptance to reopen its locked filing. */
export async function applyForChange(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
  input: { reason: string },
  meta: RequestMeta,
): Promise<ChangeRequestView> {
  const filing = await loadVisibleFiling(ctx, actor, filingId, 'change-request.create');
  const requests = await listChangeRequestsOfFiling(ctx.db, filing.id);
  const refusal = applyRefusalOf(filing, requests);
  if (refusal) throw new AppError('CONFLICT', refusal);
  const chain = await findReviewChainOfRegion(ctx.db, filing.region_code);
  const decidingLevel = decidingLevelOf(chain.levels);
  const now = ctx.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertChangeRequest(trx, {
      filingId: filing.id,
      reason: input.reason,
      decidingLevel,
      userId: actor.userId,
      now,
    });
    if (!inserted) throw new AppError('CONFLICT', '该报表已有待处理的更正申请，请等待审核');
    await insertAuditEvent(trx, {
      actorUserId: actor.userId,
      action: 'change-request.apply',
      subjectType: 'filing',
      subjectId: filing.id,
      regionCode: filing.region_code,
      details: { changeRequestId: inserted.id, reason: input.reason, decidingLevel },
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
    return inserted.id;
  });
  return present(actor, (await findChangeRequest(ctx.db, id))!);
}

/** 更正申请 (administrators): the requests of the region, with how many wait for the actor's own level. */
export async function listChangeRequests(
  ctx: AppContext,
  actor: Actor,
  query: ChangeRequestListQuery,
): Promise<ChangeRequestsInRegion> {
  const admin = authorizeActor(actor, 'change-request.list');
  const regionPrefix = regionScopePrefix(admin.regionCode, admin.regionLevel);
  const [rows, pendingForMe] = await Promise.all([
    listChangeRequestsInRegion(ctx.db, {
      regionPrefix,
      status: query.status === 'all' ? undefined : query.status,
      limit: 500,
    }),
    countPendingForLevel(ctx.db, { regionPrefix, level: admin.adminLevel }),
  ]);
  return { items: rows.map((row) => present(admin, row)), pendingForMe };
}

async function loadForDecision(ctx: AppContext, actor: Actor, id: string) {
  const row = await findChangeRequest(ctx.db, id);
  authorize(
    actor,
    'change-request.decide',
    row && {
      enterpriseId: row.enterprise_id,
      regionCode: row.region_code,
      decidingLevel: row.deciding_level,
    },
  );
  if (row.status !== 'pending') throw new AppError('CONFLICT', '该更正申请已处理，请刷新后查看');
  return row;
}

function decided(): never {
  throw new AppError('CONFLICT', '该更正申请已被他人处理，请刷新后查看');
}

/** What the enterprise is told of a decision, on its notice board and by SMS: queued with the decision. */
function tellEnterprise(
  ctx: AppContext,
  actor: Actor,
  row: ChangeRequestRow,
  notice: { title: string; body: string; sms: NoticeSms },
): SideEffect[] {
  return [
    {
      kind: 'notice',
      notice: {
        enterpriseId: row.enterprise_id,
        kind: 'change-request-decided',
        title: notice.title,
        body: notice.body,
        filingId: row.filing_id,
        taskId: row.task_id,
        sentBy: actor.userId,
      },
    },
    {
      kind: 'filer-sms',
      enterpriseIds: [row.enterprise_id],
      text: noticeSmsText(notice.sms, ctx.config.publicBaseUrl),
    },
  ];
}

/**
 * 同意更正: reopens the locked filing (已退回) so the enterprise edits it and submits it again through the whole
 * chain, open for at least a week even after the task's window closed; the enterprise's notice and SMS are
 * queued in the same transaction and sent by the outbox worker after commit.
 */
export async function grantChangeRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { note: string | null },
  meta: RequestMeta,
): Promise<ChangeRequestView> {
  const admin = authorizeActor(actor, 'change-request.decide');
  const row = await loadForDecision(ctx, admin, id);
  const chain = await findReviewChainOfRegion(ctx.db, row.region_code);
  const transition = applyFilingCommand(
    { status: row.filing_status, pendingLevel: null, hasReviewerActed: true },
    { type: 'reopen', level: admin.adminLevel },
    chain.levels,
  );
  if (!transition.ok) throw new AppError(transition.code, transition.reason);
  const now = ctx.now();
  const week = new Date(now.getTime() + reopenedWindowDays * 86_400_000);
  const openUntil =
    row.deadline_extended_until && row.deadline_extended_until > week ? row.deadline_extended_until : week;
  const reason = `已同意更正申请（申请理由：${row.reason}）${input.note ? `。${input.note}` : ''}`;
  const periodLabel = formatPeriodLabel(row.period_type, row.period);
  const until = formatChinaDateTime(openUntil);
  const told = tellEnterprise(ctx, admin, row, {
    title: `${periodLabel}报表的更正申请已同意`,
    body: `${adminLevelLabel[admin.adminLevel]}已同意您的更正申请，报表已退回。请于${until}前修改后重新上报。${
      input.note ? `\n审核意见：${input.note}` : ''
    }`,
    sms: { kind: 'change-request-approved', periodLabel, until },
  });
  await ctx.db.transaction().execute(async (trx) => {
    if (
      !(await decideChangeRequest(trx, {
        id,
        status: 'granted',
        userId: admin.userId,
        now,
        note: input.note,
      }))
    )
      decided();
    // The filing reopens as the table says (已退回), with the reason shown to the enterprise as a return's.
    await commitFilingTransition(trx, {
      filing: { id: row.filing_id, version: row.filing_version, status: row.filing_status },
      next: transition.state,
      write: { kind: 'state', deadlineExtendedUntil: openUntil },
      review: { level: admin.adminLevel, action: 'return', reason, isOfLatestRevision: false },
      audit: {
        action: 'change-request.grant',
        details: {
          changeRequestId: id,
          level: admin.adminLevel,
          from: { status: row.filing_status, pendingLevel: null },
          to: { status: transition.state.status, pendingLevel: transition.state.pendingLevel },
          note: input.note,
          openUntil: openUntil.toISOString(),
        },
        at: now,
      },
      regionCode: row.region_code,
      actor: { userId: admin.userId, requestId: meta.requestId, ip: meta.ip },
      now,
      sideEffects: () => told,
    });
  });
  ctx.outbox?.wake();
  return present(admin, (await findChangeRequest(ctx.db, id))!);
}

/** 不同意更正: the filing stays locked; the enterprise is told why. */
export async function refuseChangeRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { note: string },
  meta: RequestMeta,
): Promise<ChangeRequestView> {
  const admin = authorizeActor(actor, 'change-request.decide');
  const row = await loadForDecision(ctx, admin, id);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (
      !(await decideChangeRequest(trx, {
        id,
        status: 'refused',
        userId: admin.userId,
        now,
        note: input.note,
      }))
    )
      decided();
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'change-request.refuse',
      subjectType: 'filing',
      subjectId: row.filing_id,
      regionCode: row.region_code,
      details: { changeRequestId: id, level: admin.adminLevel, note: input.note },
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
    const periodLabel = formatPeriodLabel(row.period_type, row.period);
    await enqueueSideEffects(
      trx,
      tellEnterprise(ctx, admin, row, {
        title: `${periodLabel}报表的更正申请未获同意`,
        body: `${adminLevelLabel[admin.adminLevel]}不同意您的更正申请，报表仍为审核通过（锁定）。\n理由：${input.note}`,
        sms: { kind: 'change-request-refused', periodLabel },
      }),
    );
  });
  ctx.outbox?.wake();
  return present(admin, (await findChangeRequest(ctx.db, id))!);
}
