import { explanationKey, type Severity } from '@zhibao/survey';
import { assertCanAccessEnterprise, requireAdminActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent, listAuditEventsOf } from '../audit/audit-event.repository.ts';
import type { AdminLevel, CellComment, CellValues, FilingStatus } from '../db/schema.ts';
import { applyFilingCommand, type FilingCommand } from '../filing/filing-transitions.ts';
import { AppError, notFound, type ErrorCode } from '../http/app-error.ts';
import { insertNotices } from '../notice/notice.repository.ts';
import { sendSmsNotices } from '../notice/notice-sms.ts';
import { adminLevelLabel } from '../region/admin-level.ts';
import { assertAdminSeesRegion } from '../region/region.policy.ts';
import { findRegion } from '../region/region.repository.ts';
import { formatPeriodLabel, previousPeriodOf, samePeriodLastYearOf } from '../task/period.ts';
import { isTaskRelevantTo } from '../task/task.service.ts';
import {
  auditStoredFiling,
  cellIndexOf,
  deriveValues,
  diffValues,
  headlineCell,
  numericValue,
  type CellChange,
} from './review-cells.ts';
import { findChainSettings, findReviewChainOfRegion } from './review-chain.repository.ts';
import {
  describeFilingStateInChain,
  provinceCodeOf,
  reviewDeadlineOf,
  type ReviewChainSettings,
} from './review-chain.ts';
import { isLevelAbove } from './review-level.ts';
import {
  identicalValuesSignals,
  isTellingAddress,
  sameSourceRule,
  sameSourceSignal,
} from './integrity-signals.ts';
import {
  countPendingByLevel,
  findFilingForReview,
  findFilingsOfPeriods,
  findLatestRevisionNo,
  findRegionSubmissionById,
  findSamePeriodValues,
  findTask,
  insertFilingReview,
  listFilingReviews,
  listRegionSubmissions as listRegionSubmissionRows,
  listRevisions,
  listSubmissionSources,
  listSubmissionsFromAddresses,
  listSubmittedFilings,
  markRegionSubmissionReturned,
  updateFilingState,
  upsertRegionSubmission,
  type ReviewFilingRow,
} from './review.repository.ts';
import type { ApproveFilingInput, ReturnFilingInput, ReviewQueueQuery } from './review.schemas.ts';

type Admin = ReturnType<typeof requireAdminActor>;

export interface ReviewQueueItem {
  filingId: string;
  taskId: string;
  taskName: string;
  periodLabel: string;
  enterpriseId: string;
  enterpriseName: string;
  uscc: string;
  regionCode: string;
  regionName: string;
  submittedAt: string | null;
  pendingLevel: AdminLevel | null;
  errorCount: number;
  warningCount: number;
  hintCount: number;
  isClean: boolean;
  /** 软件业务收入 of the filing (万元). */
  headlineValue: number | null;
  /** Share of the region's total that lies away from what the enterprise's history predicts (0–1). */
  influence: number;
  integritySignals: string[];
  /** This level's review deadline for the filing's province, and whether it has passed (逾期未审). */
  reviewDeadline: string | null;
  isReviewOverdue: boolean;
}

/** Chain settings per province, loaded once per request however many filings share a province. */
function chainSettingsCache(ctx: AppContext): (regionCode: string) => Promise<ReviewChainSettings> {
  const cache = new Map<string, Promise<ReviewChainSettings>>();
  return (regionCode) => {
    const provinceCode = provinceCodeOf(regionCode);
    if (!cache.has(provinceCode)) cache.set(provinceCode, findChainSettings(ctx.db, provinceCode));
    return cache.get(provinceCode)!;
  };
}

/** A level's review deadline for a filing, and whether it has passed while the filing still waits there. */
async function reviewDeadlineFor(
  ctx: AppContext,
  settingsOf: (regionCode: string) => Promise<ReviewChainSettings>,
  row: Pick<ReviewFilingRow, 'region_code' | 'closes_at' | 'review_deadlines' | 'status' | 'pending_level'>,
  level: AdminLevel,
): Promise<{ reviewDeadline: string | null; isReviewOverdue: boolean }> {
  const deadline = reviewDeadlineOf(
    { closesAt: row.closes_at, reviewDeadlines: row.review_deadlines },
    await settingsOf(row.region_code),
    level,
  );
  return {
    reviewDeadline: deadline?.toISOString() ?? null,
    isReviewOverdue:
      deadline !== null &&
      row.status === 'submitted' &&
      row.pending_level === level &&
      deadline.getTime() < ctx.now().getTime(),
  };
}

/**
 * 代报 signals of submitted filings (never blocking): identical values among them, and many enterprises of the
 * administrator's region submitting from one address within a short time.
 */
async function integritySignalsOf(
  ctx: AppContext,
  regionPrefix: string,
  rows: ReadonlyArray<Pick<ReviewFilingRow, 'id' | 'enterprise_id' | 'enterprise_name' | 'cell_values'>>,
): Promise<Map<string, string[]>> {
  const signals = new Map<string, string[]>(rows.map((row) => [row.id, []]));
  for (const [filingId, signal] of identicalValuesSignals(rows)) signals.get(filingId)!.push(signal);

  const sources = await listSubmissionSources(
    ctx.db,
    rows.map((row) => row.id),
  );
  const latest = new Map(sources.map((source) => [source.filing_id, source]));
  const addresses = [...new Set(sources.map((source) => source.ip_address).filter(isTellingAddress))];
  if (addresses.length === 0) return signals;
  const times = sources.map((source) => source.created_at.getTime());
  const windowMs = sameSourceRule.windowMinutes * 60_000;
  const nearby = await listSubmissionsFromAddresses(ctx.db, {
    addresses,
    from: new Date(Math.min(...times) - windowMs),
    to: new Date(Math.max(...times) + windowMs),
    regionPrefix,
  });
  const submissions = nearby.map((other) => ({
    filingId: other.filing_id,
    enterpriseId: other.enterprise_id,
    enterpriseName: other.enterprise_name,
    ip: other.ip_address,
    userAgent: other.user_agent,
    at: other.created_at,
  }));
  for (const row of rows) {
    const source = latest.get(row.id);
    if (!source) continue;
    const signal = sameSourceSignal(
      {
        enterpriseId: row.enterprise_id,
        ip: source.ip_address,
        userAgent: source.user_agent,
        at: source.created_at,
      },
      submissions,
    );
    if (signal) signals.get(row.id)!.push(signal);
  }
  return signals;
}

async function scopePrefixFor(
  ctx: AppContext,
  admin: Admin,
  regionCode: string | undefined,
): Promise<string> {
  if (!regionCode) return regionScopePrefix(admin.regionCode, admin.regionLevel);
  const region = await findRegion(ctx.db, regionCode);
  assertAdminSeesRegion(admin, region);
  return regionScopePrefix(region.code, region.level);
}

/**
 * 审核队列: the filings waiting for the administrator's level in their region, each with the engine's findings,
 * its influence on the region's total and signals of filing on behalf of others (代报), which never block.
 */
export async function listReviewQueue(
  ctx: AppContext,
  actor: Actor,
  query: ReviewQueueQuery,
): Promise<{ items: ReviewQueueItem[] }> {
  const admin = requireAdminActor(actor);
  const prefix = await scopePrefixFor(ctx, admin, query.regionCode);
  const rows = await listSubmittedFilings(ctx.db, {
    regionPrefix: prefix,
    pendingLevel: admin.adminLevel,
    taskId: query.taskId,
    keyword: query.keyword,
  });

  const settingsOf = chainSettingsCache(ctx);
  const byTask = new Map<string, ReviewFilingRow[]>();
  for (const row of rows) byTask.set(row.task_id, [...(byTask.get(row.task_id) ?? []), row]);

  const items: ReviewQueueItem[] = [];
  for (const taskRows of byTask.values()) {
    const { period_type: periodType, period, edition_id: editionId } = taskRows[0]!;
    const enterpriseIds = taskRows.map((row) => row.enterprise_id);
    const previous = previousPeriodOf(periodType, period);
    const [lastYearRows, previousRows] = await Promise.all([
      findSamePeriodValues(ctx.db, { enterpriseIds, periodType, period: samePeriodLastYearOf(period) }),
      previous && periodType === 'month'
        ? findSamePeriodValues(ctx.db, { enterpriseIds, periodType, period: previous })
        : Promise.resolve([]),
    ]);
    const lastYearOf = new Map(lastYearRows.map((row) => [row.enterprise_id, row.cell_values]));
    const previousOf = new Map(previousRows.map((row) => [row.enterprise_id, row.cell_values]));
    const headline = headlineCell(periodType);
    const valueOf = (values: CellValues | undefined) =>
      values
        ? numericValue(deriveValues(editionId, periodType, values), headline.formId, headline.key)
        : null;

    const facts = taskRows.map((row) => ({
      row,
      value: valueOf(row.cell_values),
      lastYear: valueOf(lastYearOf.get(row.enterprise_id)),
      findings: auditStoredFiling({
        editionId,
        periodType,
        period,
        values: row.cell_values,
        previousPeriod: previousOf.get(row.enterprise_id),
        samePeriodLastYear: lastYearOf.get(row.enterprise_id),
      }),
    }));
    // What history predicts: last year's value grown at the rate of the enterprises that filed both years.
    const paired = facts.filter((fact) => fact.value !== null && fact.lastYear !== null && fact.lastYear > 0);
    const pairedLastYear = paired.reduce((sum, fact) => sum + fact.lastYear!, 0);
    const growth =
      pairedLastYear > 0 ? paired.reduce((sum, fact) => sum + fact.value!, 0) / pairedLastYear : 1;
    const total = facts.reduce((sum, fact) => sum + Math.abs(fact.value ?? 0), 0);

    const signals = await integritySignalsOf(ctx, prefix, taskRows);

    for (const fact of facts) {
      const { row } = fact;
      const predicted = fact.lastYear !== null ? fact.lastYear * growth : 0;
      const deviation = Math.abs((fact.value ?? 0) - predicted);
      const errorCount = fact.findings.filter((finding) => finding.severity === 'error').length;
      const warningCount = fact.findings.filter((finding) => finding.severity === 'warning').length;
      items.push({
        filingId: row.id,
        taskId: row.task_id,
        taskName: row.task_name,
        periodLabel: formatPeriodLabel(periodType, period),
        enterpriseId: row.enterprise_id,
        enterpriseName: row.enterprise_name,
        uscc: row.uscc,
        regionCode: row.region_code,
        regionName: row.region_name,
        submittedAt: row.submitted_at?.toISOString() ?? null,
        pendingLevel: row.pending_level,
        errorCount,
        warningCount,
        hintCount: fact.findings.length - errorCount - warningCount,
        isClean: errorCount + warningCount === 0,
        headlineValue: fact.value,
        influence: total > 0 ? deviation / total : 0,
        integritySignals: signals.get(row.id) ?? [],
        ...(await reviewDeadlineFor(ctx, settingsOf, row, admin.adminLevel)),
      });
    }
  }

  const filtered = items.filter((item) =>
    query.findings === 'clean' ? item.isClean : query.findings === 'with-findings' ? !item.isClean : true,
  );
  if (query.orderBy === 'influence') filtered.sort((a, b) => b.influence - a.influence);
  else filtered.sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  return { items: filtered };
}

export interface ReviewCellView {
  formId: string;
  key: string;
  label: string;
  name: string;
  unit: string | null;
  isComputed: boolean;
  value: number | string | null;
  previousPeriod: number | string | null;
  samePeriodLastYear: number | string | null;
}

export interface ReviewFilingDetail {
  filingId: string;
  taskId: string;
  taskName: string;
  periodLabel: string;
  enterprise: { id: string; name: string; uscc: string; regionCode: string; regionName: string };
  status: FilingStatus;
  statusLabel: string;
  pendingLevel: AdminLevel | null;
  submittedAt: string | null;
  chain: Array<{ level: AdminLevel; label: string; delegatedTo: string | null }>;
  canReview: boolean;
  /** 代报 signals as the review queue shows them; never blocking. */
  integritySignals: string[];
  /** The administrator's level's review deadline for this filing, and whether it has passed (逾期未审). */
  reviewDeadline: string | null;
  isReviewOverdue: boolean;
  forms: Array<{ formId: string; cells: ReviewCellView[] }>;
  findings: Array<{
    ruleId: string;
    severity: Severity;
    message: string;
    cells: Array<{ formId: string; key: string }>;
    explanation: string | null;
  }>;
  changesSincePreviousRevision: CellChange[];
  revisions: Array<{ revisionNo: number; submittedAt: string; submittedBy: string | null }>;
  reviews: Array<{
    level: AdminLevel;
    action: string;
    reason: string | null;
    cellComments: CellComment[];
    explanationVerdicts: Record<string, string>;
    actorName: string;
    createdAt: string;
  }>;
  history: Array<{
    action: string;
    actorName: string | null;
    createdAt: string;
    details: Record<string, unknown>;
  }>;
}

async function loadFiling(ctx: AppContext, admin: Admin, filingId: string) {
  const row = await findFilingForReview(ctx.db, filingId);
  assertCanAccessEnterprise(admin, row && { id: row.enterprise_id, regionCode: row.region_code }, '报表');
  return row;
}

async function comparisonValues(ctx: AppContext, row: ReviewFilingRow) {
  const previous = previousPeriodOf(row.period_type, row.period);
  const lastYear = samePeriodLastYearOf(row.period);
  const others = await findFilingsOfPeriods(ctx.db, {
    enterpriseId: row.enterprise_id,
    periodType: row.period_type,
    periods: [previous, lastYear].filter((period): period is string => period !== null),
  });
  return {
    previousPeriod: others.find((other) => other.period === previous)?.cell_values,
    samePeriodLastYear: others.find((other) => other.period === lastYear)?.cell_values,
  };
}

/** 审核: one filing with its values, the engine's findings and the filer's explanations, and what changed. */
export async function getReviewFiling(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
): Promise<ReviewFilingDetail> {
  const admin = requireAdminActor(actor);
  const row = await loadFiling(ctx, admin, filingId);
  const prefix = regionScopePrefix(admin.regionCode, admin.regionLevel);
  const [comparison, revisions, reviews, chain, history, deadline, signals] = await Promise.all([
    comparisonValues(ctx, row),
    listRevisions(ctx.db, row.id),
    listFilingReviews(ctx.db, row.id),
    findReviewChainOfRegion(ctx.db, row.region_code),
    listAuditEventsOf(ctx.db, 'filing', row.id),
    reviewDeadlineFor(ctx, chainSettingsCache(ctx), row, admin.adminLevel),
    // The same company the queue compares a filing with: the others waiting at its level in the region.
    (row.status === 'submitted' && row.pending_level
      ? listSubmittedFilings(ctx.db, {
          regionPrefix: prefix,
          pendingLevel: row.pending_level,
          taskId: row.task_id,
        })
      : Promise.resolve([row])
    ).then((rows) => integritySignalsOf(ctx, prefix, rows)),
  ]);
  const { edition_id: editionId, period_type: periodType } = row;
  const cells = cellIndexOf(editionId, periodType);
  const derived = deriveValues(editionId, periodType, row.cell_values);
  const derivedPrevious =
    comparison.previousPeriod && deriveValues(editionId, periodType, comparison.previousPeriod);
  const derivedLastYear =
    comparison.samePeriodLastYear && deriveValues(editionId, periodType, comparison.samePeriodLastYear);
  const findings = auditStoredFiling({
    editionId,
    periodType,
    period: row.period,
    values: row.cell_values,
    ...comparison,
  });
  const forms = new Map<string, ReviewCellView[]>();
  for (const cell of cells.values()) {
    if (!row.cell_values[cell.formId] && !derived[cell.formId]) continue;
    forms.set(cell.formId, [
      ...(forms.get(cell.formId) ?? []),
      {
        formId: cell.formId,
        key: cell.key,
        label: cell.label,
        name: cell.name,
        unit: cell.unit,
        isComputed: cell.isComputed,
        value: derived[cell.formId]?.[cell.key] ?? null,
        previousPeriod: derivedPrevious?.[cell.formId]?.[cell.key] ?? null,
        samePeriodLastYear: derivedLastYear?.[cell.formId]?.[cell.key] ?? null,
      },
    ]);
  }
  const latest = revisions.at(-1);
  const before = revisions.at(-2);
  return {
    filingId: row.id,
    taskId: row.task_id,
    taskName: row.task_name,
    periodLabel: formatPeriodLabel(periodType, row.period),
    enterprise: {
      id: row.enterprise_id,
      name: row.enterprise_name,
      uscc: row.uscc,
      regionCode: row.region_code,
      regionName: row.region_name,
    },
    status: row.status,
    statusLabel: describeFilingStateInChain(
      { status: row.status, pendingLevel: row.pending_level },
      chain.delegates,
    ),
    pendingLevel: row.pending_level,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    chain: chain.levels.map((level) => ({
      level,
      label: adminLevelLabel[level],
      delegatedTo: chain.delegates[level] ?? null,
    })),
    canReview: row.status === 'submitted' && row.pending_level === admin.adminLevel,
    integritySignals: signals.get(row.id) ?? [],
    ...deadline,
    forms: [...forms].map(([formId, formCells]) => ({ formId, cells: formCells })),
    findings: findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      cells: finding.cells.map((cell) => ({ formId: cell.formId, key: cell.key })),
      explanation: row.explanations[explanationKey(finding)] ?? null,
    })),
    changesSincePreviousRevision:
      latest && before ? diffValues(cells, before.cell_values, latest.cell_values) : [],
    revisions: revisions.map((revision) => ({
      revisionNo: revision.revision_no,
      submittedAt: revision.submitted_at.toISOString(),
      submittedBy: revision.submitted_by_name,
    })),
    reviews: reviews.map((review) => ({
      level: review.level,
      action: review.action,
      reason: review.reason,
      cellComments: review.cell_comments,
      explanationVerdicts: review.explanation_verdicts,
      actorName: review.actor_name,
      createdAt: review.created_at.toISOString(),
    })),
    history: history.map((event) => ({
      action: event.action,
      actorName: event.actor_name,
      createdAt: event.created_at.toISOString(),
      details: event.details,
    })),
  };
}

function refuseTransition(code: ErrorCode, reason: string): never {
  throw new AppError(code, reason);
}

async function applyReviewCommand(
  ctx: AppContext,
  admin: Admin,
  row: ReviewFilingRow,
  command: FilingCommand,
  record: {
    action: 'approve' | 'return' | 'send-back';
    reason: string | null;
    cellComments: CellComment[];
    explanationVerdicts: Record<string, 'accepted' | 'rejected'>;
    requestId?: string;
  },
) {
  const chain = await findReviewChainOfRegion(ctx.db, row.region_code);
  const result = applyFilingCommand(
    { status: row.status, pendingLevel: row.pending_level, hasReviewerActed: true },
    command,
    chain.levels,
  );
  if (!result.ok) throw new AppError(result.code, result.reason);
  const next = result.state;
  await ctx.db.transaction().execute(async (trx) => {
    const isMoved = await updateFilingState(trx, {
      filingId: row.id,
      from: { status: row.status, pendingLevel: row.pending_level, version: row.version },
      to: { status: next.status as FilingStatus, pendingLevel: next.pendingLevel },
      actorUserId: admin.userId,
      now: ctx.now(),
    });
    if (!isMoved) refuseTransition('FILING_VERSION_CONFLICT', '报表状态已被他人更改，请刷新后重试');
    const latest = await findLatestRevisionNo(trx, row.id);
    await insertFilingReview(trx, {
      filingId: row.id,
      level: admin.adminLevel,
      action: record.action,
      reason: record.reason,
      cellComments: record.cellComments,
      explanationVerdicts: record.explanationVerdicts,
      revisionNo: latest?.revision_no ?? null,
      actorUserId: admin.userId,
    });
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: `filing.${record.action}`,
      subjectType: 'filing',
      subjectId: row.id,
      regionCode: row.region_code,
      requestId: record.requestId,
      details: {
        level: admin.adminLevel,
        from: { status: row.status, pendingLevel: row.pending_level },
        to: { status: next.status, pendingLevel: next.pendingLevel },
        reason: record.reason,
        cellComments: record.cellComments,
        explanationVerdicts: record.explanationVerdicts,
      },
    });
  });
  return {
    status: next.status as FilingStatus,
    pendingLevel: next.pendingLevel,
    statusLabel: describeFilingStateInChain(next, chain.delegates),
  };
}

function assertNoRejectedExplanation(verdicts: Record<string, 'accepted' | 'rejected'>): void {
  const rejected = Object.entries(verdicts).filter(([, verdict]) => verdict === 'rejected');
  if (rejected.length > 0) {
    throw new AppError(
      'CONFLICT',
      '有未被接受的警告说明，不能审核通过；请退回企业修改',
      rejected.map(([ruleId]) => ({ name: `explanationVerdicts.${ruleId}`, reason: '说明未被接受' })),
    );
  }
}

/** 审核通过: passes the filing to the next level of its chain, or makes it final at the last one. */
export async function approveFiling(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
  input: ApproveFilingInput,
  requestId?: string,
) {
  const admin = requireAdminActor(actor);
  const row = await loadFiling(ctx, admin, filingId);
  assertNoRejectedExplanation(input.explanationVerdicts);
  return applyReviewCommand(
    ctx,
    admin,
    row,
    { type: 'approve', level: admin.adminLevel },
    {
      action: 'approve',
      reason: input.comment ?? null,
      cellComments: [],
      explanationVerdicts: input.explanationVerdicts,
      requestId,
    },
  );
}

/** 退回: sends the filing back to the enterprise with a reason, overall and per cell; the enterprise is told. */
export async function returnFiling(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
  input: ReturnFilingInput,
  requestId?: string,
) {
  const admin = requireAdminActor(actor);
  const row = await loadFiling(ctx, admin, filingId);
  const cells = cellIndexOf(row.edition_id, row.period_type);
  const unknown = input.cellComments
    .map((comment, index) => ({ comment, index }))
    .filter(({ comment }) => !cells.has(`${comment.formId}.${comment.key}`));
  if (unknown.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      '退回意见指向的单元格不存在',
      unknown.map(({ comment, index }) => ({
        name: `cellComments.${index}`,
        reason: `报表中没有单元格 ${comment.formId}.${comment.key}`,
      })),
    );
  }
  const result = await applyReviewCommand(
    ctx,
    admin,
    row,
    { type: 'return', level: admin.adminLevel },
    {
      action: 'return',
      reason: input.reason,
      cellComments: input.cellComments,
      explanationVerdicts: input.explanationVerdicts,
      requestId,
    },
  );

  const periodLabel = formatPeriodLabel(row.period_type, row.period);
  const cellLines = input.cellComments.map((comment) => {
    const cell = cells.get(`${comment.formId}.${comment.key}`)!;
    return `${cell.label} ${cell.name}：${comment.comment}`;
  });
  const title = `${periodLabel}报表被${adminLevelLabel[admin.adminLevel]}退回`;
  const body = [`退回原因：${input.reason}`, ...cellLines].join('\n');
  await insertNotices(ctx.db, [
    {
      enterpriseId: row.enterprise_id,
      kind: 'filing-returned',
      title,
      body,
      filingId: row.id,
      taskId: row.task_id,
      sentBy: admin.userId,
    },
  ]);
  await sendSmsNotices(
    ctx,
    [row.enterprise_id],
    `【直报】${title}：${input.reason}。请登录系统修改后重新上报。`,
  );
  return result;
}

/** 批量审核通过: approves the selected filings the engine finds clean; the others are named with the reason. */
export async function approveCleanFilings(
  ctx: AppContext,
  actor: Actor,
  filingIds: string[],
  requestId?: string,
): Promise<{
  approved: string[];
  skipped: Array<{ filingId: string; enterpriseName: string | null; reason: string }>;
}> {
  const admin = requireAdminActor(actor);
  const approved: string[] = [];
  const skipped: Array<{ filingId: string; enterpriseName: string | null; reason: string }> = [];
  for (const filingId of new Set(filingIds)) {
    const row = await findFilingForReview(ctx.db, filingId);
    try {
      assertCanAccessEnterprise(admin, row && { id: row.enterprise_id, regionCode: row.region_code }, '报表');
      const comparison = await comparisonValues(ctx, row);
      const findings = auditStoredFiling({
        editionId: row.edition_id,
        periodType: row.period_type,
        period: row.period,
        values: row.cell_values,
        ...comparison,
      });
      if (findings.some((finding) => finding.severity !== 'hint')) {
        skipped.push({
          filingId,
          enterpriseName: row.enterprise_name,
          reason: '有审核错误或警告，请逐份审核',
        });
        continue;
      }
      await applyReviewCommand(
        ctx,
        admin,
        row,
        { type: 'approve', level: admin.adminLevel },
        {
          action: 'approve',
          reason: '批量审核通过',
          cellComments: [],
          explanationVerdicts: {},
          requestId,
        },
      );
      approved.push(filingId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({
        filingId,
        enterpriseName: row && error.code !== 'NOT_FOUND' ? row.enterprise_name : null,
        reason: error.message,
      });
    }
  }
  return { approved, skipped };
}

const levelRank: Record<AdminLevel, number> = { county: 1, city: 2, province: 3, ministry: 4 };

export interface RegionSubmissionView {
  id: string;
  regionCode: string;
  regionName: string;
  level: AdminLevel;
  status: 'submitted' | 'returned';
  submittedAt: string;
  submittedBy: string;
  returnReason: string | null;
  /** The level's review deadline; a pass-up after it is accepted and shown as late (逾期上报). */
  deadline: string | null;
  isLate: boolean;
}

/**
 * A task the administrator works on: one owned by a region that contains theirs (the ministry's, their
 * province's) or by a region inside theirs. Another city's task is "not found", its deadlines included.
 */
async function findTaskInReach(ctx: AppContext, admin: Admin, taskId: string) {
  const task = await findTask(ctx.db, taskId);
  if (!task || !isTaskRelevantTo(admin, task)) throw notFound('任务');
  return task;
}

/** 上报: the administrator's review of the region is done; the level above sees the region as complete. */
export async function submitRegion(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  requestId?: string,
): Promise<RegionSubmissionView> {
  const admin = requireAdminActor(actor);
  if (admin.adminLevel === 'ministry') throw new AppError('CONFLICT', '部级为最终审核层级，无需上报');
  const task = await findTaskInReach(ctx, admin, taskId);
  const prefix = regionScopePrefix(admin.regionCode, admin.regionLevel);
  const pending = await countPendingByLevel(ctx.db, { taskId, regionPrefix: prefix });
  const waiting = pending
    .filter((row) => row.pending_level && levelRank[row.pending_level] <= levelRank[admin.adminLevel])
    .reduce((sum, row) => sum + Number(row.count), 0);
  if (waiting > 0) {
    throw new AppError('CONFLICT', `本地区还有${waiting}份报表待本级或下级审核，审核完成后才能上报`);
  }
  const now = ctx.now();
  const deadline = reviewDeadlineOf(
    { closesAt: task.closes_at, reviewDeadlines: task.review_deadlines },
    await findChainSettings(ctx.db, provinceCodeOf(admin.regionCode)),
    admin.adminLevel,
  );
  const isLate = deadline !== null && now.getTime() > deadline.getTime();
  await ctx.db.transaction().execute(async (trx) => {
    const { id } = await upsertRegionSubmission(trx, {
      taskId,
      regionCode: admin.regionCode,
      level: admin.adminLevel,
      submittedBy: admin.userId,
      now,
    });
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'region.submit',
      subjectType: 'region-submission',
      subjectId: id,
      regionCode: admin.regionCode,
      requestId,
      details: { taskId, level: admin.adminLevel, deadline: deadline?.toISOString() ?? null, isLate },
    });
  });
  const rows = await listRegionSubmissionRows(ctx.db, { taskId, regionPrefix: admin.regionCode });
  const view = await submissionViewer(ctx, task);
  return view(rows.find((row) => row.region_code === admin.regionCode)!);
}

type RegionSubmissionRow = Awaited<ReturnType<typeof listRegionSubmissionRows>>[number];

/** Presents pass-ups of a task, each judged against its level's review deadline in its province. */
async function submissionViewer(
  ctx: AppContext,
  task: { closes_at: Date; review_deadlines: Partial<Record<AdminLevel, string>> },
): Promise<(row: RegionSubmissionRow) => Promise<RegionSubmissionView>> {
  const settingsOf = chainSettingsCache(ctx);
  return async (row) => {
    const deadline = reviewDeadlineOf(
      { closesAt: task.closes_at, reviewDeadlines: task.review_deadlines },
      await settingsOf(row.region_code),
      row.level,
    );
    return {
      ...toSubmissionView(row),
      deadline: deadline?.toISOString() ?? null,
      isLate: deadline !== null && row.submitted_at.getTime() > deadline.getTime(),
    };
  };
}

function toSubmissionView(row: RegionSubmissionRow): Omit<RegionSubmissionView, 'deadline' | 'isLate'> {
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: row.region_name,
    level: row.level,
    status: row.status,
    submittedAt: row.submitted_at.toISOString(),
    submittedBy: row.submitted_by_name,
    returnReason: row.return_reason,
  };
}

/** The pass-up state of a task: the administrator's own region and the lower regions inside it. */
export async function listRegionSubmissions(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
): Promise<{
  own: RegionSubmissionView | null;
  lower: RegionSubmissionView[];
  waitingHere: number;
  /** The administrator's own level's review deadline for the task in their province. */
  reviewDeadline: string | null;
}> {
  const admin = requireAdminActor(actor);
  const prefix = regionScopePrefix(admin.regionCode, admin.regionLevel);
  const [rows, pending, task] = await Promise.all([
    listRegionSubmissionRows(ctx.db, { taskId, regionPrefix: prefix }),
    countPendingByLevel(ctx.db, { taskId, regionPrefix: prefix }),
    findTaskInReach(ctx, admin, taskId),
  ]);
  const view = await submissionViewer(ctx, task);
  const own = rows.find((row) => row.region_code === admin.regionCode);
  const reviewDeadline =
    // The ministry's deadline differs by province; its queue rows carry each one.
    admin.adminLevel === 'ministry'
      ? null
      : reviewDeadlineOf(
          { closesAt: task.closes_at, reviewDeadlines: task.review_deadlines },
          await findChainSettings(ctx.db, provinceCodeOf(admin.regionCode)),
          admin.adminLevel,
        );
  return {
    reviewDeadline: reviewDeadline?.toISOString() ?? null,
    own: own ? await view(own) : null,
    lower: await Promise.all(
      rows
        .filter((row) => row.region_code !== admin.regionCode && isLevelAbove(admin.adminLevel, row.level))
        .map(view),
    ),
    waitingHere: pending
      .filter((row) => row.pending_level === admin.adminLevel)
      .reduce((sum, row) => sum + Number(row.count), 0),
  };
}

/** 退回地区: the level above returns a region's pass-up; its filings waiting here go back to that level. */
export async function returnRegion(
  ctx: AppContext,
  actor: Actor,
  submissionId: string,
  reason: string,
  requestId?: string,
): Promise<{ returnedFilings: number }> {
  const admin = requireAdminActor(actor);
  const submission = await findRegionSubmissionById(ctx.db, submissionId);
  const region = submission && (await findRegion(ctx.db, submission.region_code));
  assertAdminSeesRegion(admin, region ?? undefined);
  if (
    !submission ||
    submission.region_code === admin.regionCode ||
    !isLevelAbove(admin.adminLevel, submission.level)
  ) {
    throw notFound('上报记录');
  }
  if (submission.status !== 'submitted') throw new AppError('CONFLICT', '该地区的上报已被退回');
  const filings = await listSubmittedFilings(ctx.db, {
    regionPrefix: regionScopePrefix(region!.code, region!.level),
    pendingLevel: admin.adminLevel,
    taskId: submission.task_id,
  });
  const now = ctx.now();
  let returnedFilings = 0;
  await ctx.db.transaction().execute(async (trx) => {
    await markRegionSubmissionReturned(trx, { id: submission.id, reason, returnedBy: admin.userId, now });
    for (const row of filings) {
      const chain = await findReviewChainOfRegion(trx, row.region_code);
      const result = applyFilingCommand(
        { status: row.status, pendingLevel: row.pending_level, hasReviewerActed: true },
        { type: 'send-back', level: admin.adminLevel, to: submission.level },
        chain.levels,
      );
      if (!result.ok) continue;
      const isMoved = await updateFilingState(trx, {
        filingId: row.id,
        from: { status: row.status, pendingLevel: row.pending_level, version: row.version },
        to: { status: 'submitted', pendingLevel: result.state.pendingLevel },
        actorUserId: admin.userId,
        now,
      });
      if (!isMoved) refuseTransition('FILING_VERSION_CONFLICT', '报表状态已被他人更改，请刷新后重试');
      await insertFilingReview(trx, {
        filingId: row.id,
        level: admin.adminLevel,
        action: 'send-back',
        reason,
        cellComments: [],
        explanationVerdicts: {},
        revisionNo: null,
        actorUserId: admin.userId,
      });
      await insertAuditEvent(trx, {
        actorUserId: admin.userId,
        action: 'filing.send-back',
        subjectType: 'filing',
        subjectId: row.id,
        regionCode: row.region_code,
        requestId,
        details: { level: admin.adminLevel, to: submission.level, reason },
      });
      returnedFilings += 1;
    }
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'region.return',
      subjectType: 'region-submission',
      subjectId: submission.id,
      regionCode: submission.region_code,
      requestId,
      details: { taskId: submission.task_id, reason, returnedFilings },
    });
  });
  return { returnedFilings };
}
