import type { ReviewProgress, ReviewQueue, ReviewQueueItem, ReviewQueueQuery } from '@zhibao/contracts';
import { planReview } from '@zhibao/statistics';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { CellValues } from '../db/schema.ts';
import { findRegion } from '../region/region.repository.ts';
import { listTakeoversBy } from './region-workflow.repository.ts';
import { formatPeriodLabel, previousPeriodOf, samePeriodLastYearOf } from '../task/period.ts';
import { auditStoredFiling, deriveValues, headlineCell, numericValue } from './review-cells.ts';
import {
  findSamePeriodValues,
  listQueuePage,
  submittedFilingsQuery,
  type QueueScope,
  type ReviewFilingRow,
} from './review.repository.ts';
import { listRuleSwitchPackages } from '../rule-switch/rule-switch.repository.ts';
import { listTasksWithOwnerRegion } from '../task/task.repository.ts';
import { scoreTaskFilings, type FilingScore } from './selective-editing-scores.ts';
import { stopThresholdOf } from './stop-threshold.service.ts';
import {
  chainSettingsCache,
  queuePageSignalsOf,
  reviewDeadlineFor,
  scopePrefixFor,
  type Admin,
} from './review-scope.ts';

/**
 * 审核队列: one page of the filings waiting for the administrator's level in their region (and in regions whose
 * review it took over), each with the engine's findings and signals of filing on behalf of others (代报), which
 * never block. In the order of submission the page is cut in SQL and only its filings are audited. Filtering by
 * findings audits every waiting filing; ordering by score scores the whole task (selective editing) and answers,
 * per task, the review plan in score order (how much error can remain after each review, and where it may stop).
 */
export async function listReviewQueue(
  ctx: AppContext,
  actor: Actor,
  query: ReviewQueueQuery,
): Promise<ReviewQueue> {
  const admin = authorizeActor(actor, 'review.queue');
  const prefix = await scopePrefixFor(ctx, admin, query.regionCode);
  const filter = { scopes: await queueScopes(ctx, admin, prefix, query.taskId), keyword: query.keyword };
  const paging = { page: query.page, pageSize: query.pageSize };
  const offset = (query.page - 1) * query.pageSize;

  if (query.findings === 'all' && query.orderBy === 'submitted-at') {
    const { rows, total } = await listQueuePage(ctx.db, { ...filter, limit: query.pageSize, offset });
    const items = await describeQueueRows(ctx, admin, prefix, await auditRows(ctx, rows), new Map());
    return { items, total, ...paging, progress: [] };
  }

  const rows = await submittedFilingsQuery(ctx.db, filter)
    .orderBy('filings.submitted_at')
    .orderBy('filings.id')
    .execute();
  const audited = (await auditRows(ctx, rows)).filter(({ findings }) => {
    const isClean = !findings.some((finding) => finding.severity !== 'hint');
    return query.findings === 'clean' ? isClean : query.findings === 'with-findings' ? !isClean : true;
  });
  const selective =
    query.orderBy === 'score'
      ? await selectiveEditingOf(ctx, admin, query.regionCode, prefix, audited)
      : { scores: new Map<string, ScoredFiling>(), progress: [] };
  if (query.orderBy === 'score') {
    const scoreOf = (id: string) => selective.scores.get(id)?.score ?? 0;
    audited.sort((a, b) => scoreOf(b.row.id) - scoreOf(a.row.id) || a.row.id.localeCompare(b.row.id));
  }
  const page = audited.slice(offset, offset + query.pageSize);
  const items = await describeQueueRows(ctx, admin, prefix, page, selective.scores);
  return { items, total: audited.length, ...paging, progress: selective.progress };
}

/** Where the administrator's queue looks: its own region at its level, and the regions it took over (代为审核). */
async function queueScopes(
  ctx: AppContext,
  admin: Admin,
  prefix: string,
  taskId: string | undefined,
): Promise<QueueScope[]> {
  const scopes: QueueScope[] = [{ regionPrefix: prefix, pendingLevel: admin.adminLevel, taskId }];
  for (const takeover of await listTakeoversBy(ctx.db, admin.regionCode, taskId)) {
    const region = await findRegion(ctx.db, takeover.region_code);
    const takenPrefix = region ? regionScopePrefix(region.code, region.level) : null;
    if (!takenPrefix || !(takenPrefix.startsWith(prefix) || prefix.startsWith(takenPrefix))) continue;
    scopes.push({
      regionPrefix: takenPrefix.length > prefix.length ? takenPrefix : prefix,
      pendingLevel: takeover.level,
      taskId: takeover.task_id,
    });
  }
  return scopes;
}

type AuditedRow = Awaited<ReturnType<typeof auditRows>>[number];

/** The engine's findings on each filing against its enterprise's own earlier periods, in the rows' order. */
async function auditRows(ctx: AppContext, rows: ReviewFilingRow[]) {
  const byTask = new Map<string, ReviewFilingRow[]>();
  for (const row of rows) byTask.set(row.task_id, [...(byTask.get(row.task_id) ?? []), row]);
  const comparisons = new Map<string, { lastYear?: CellValues; previous?: CellValues }>();
  const packages = rows.length === 0 ? [] : await listRuleSwitchPackages(ctx.db);
  for (const taskRows of byTask.values()) {
    const { period_type: periodType, period } = taskRows[0]!;
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
    for (const row of taskRows) {
      comparisons.set(row.id, {
        lastYear: lastYearOf.get(row.enterprise_id),
        previous: previousOf.get(row.enterprise_id),
      });
    }
  }
  return rows.map((row) => ({
    row,
    findings: auditStoredFiling({
      editionId: row.edition_id,
      periodType: row.period_type,
      period: row.period,
      values: row.cell_values,
      previousPeriod: comparisons.get(row.id)!.previous,
      samePeriodLastYear: comparisons.get(row.id)!.lastYear,
      packages,
    }),
  }));
}

interface ScoredFiling extends FilingScore {
  isAcceptedAsIs: boolean;
}

/** Selective editing of the queue's filings, task by task: each filing's score and the review plan. */
async function selectiveEditingOf(
  ctx: AppContext,
  admin: Admin,
  regionCode: string | undefined,
  prefix: string,
  audited: AuditedRow[],
): Promise<{ scores: Map<string, ScoredFiling>; progress: ReviewProgress[] }> {
  const scores = new Map<string, ScoredFiling>();
  const progress: ReviewProgress[] = [];
  const byTask = new Map<string, ReviewFilingRow[]>();
  for (const { row } of audited) byTask.set(row.task_id, [...(byTask.get(row.task_id) ?? []), row]);
  if (byTask.size === 0) return { scores, progress };
  const tasks = await listTasksWithOwnerRegion(ctx.db);
  const { stopThreshold, regionCode: planRegion } = await stopThresholdOf(
    ctx,
    regionCode ?? admin.regionCode,
  );
  for (const [taskId, taskRows] of byTask) {
    const task = tasks.find((candidate) => candidate.id === taskId)!;
    const taskScores = await scoreTaskFilings(ctx.db, task, tasks, prefix);
    const scoreOf = (row: ReviewFilingRow) =>
      taskScores.scoreOf.get(row.enterprise_id) ?? {
        score: 0,
        possibleErrors: taskScores.keyIndicators.map(() => 0),
      };
    const plan = planReview(
      taskRows.map((row) => ({ id: row.id, ...scoreOf(row) })),
      taskScores.regionTotals,
      stopThreshold,
    );
    const accepted = new Set(plan.order.slice(plan.stopAfter));
    for (const row of taskRows) scores.set(row.id, { ...scoreOf(row), isAcceptedAsIs: accepted.has(row.id) });
    progress.push({
      taskId,
      regionCode: planRegion,
      stopThreshold,
      stopAfter: plan.stopAfter,
      remainingError: plan.remainingError,
      keyIndicators: taskScores.keyIndicators.map((cell) => `${cell.formId}.${cell.key}`),
    });
  }
  return { scores, progress };
}

/** The queue's items of one page: findings counted, headline value, 代报 signals and the review deadline. */
async function describeQueueRows(
  ctx: AppContext,
  admin: Admin,
  prefix: string,
  page: AuditedRow[],
  scores: Map<string, ScoredFiling>,
): Promise<ReviewQueueItem[]> {
  const settingsOf = chainSettingsCache(ctx);
  const signals = await queuePageSignalsOf(
    ctx,
    prefix,
    page.map(({ row }) => row),
  );
  const items: ReviewQueueItem[] = [];
  for (const { row, findings } of page) {
    const headline = headlineCell(row.period_type);
    const errorCount = findings.filter((finding) => finding.severity === 'error').length;
    const warningCount = findings.filter((finding) => finding.severity === 'warning').length;
    items.push({
      filingId: row.id,
      taskId: row.task_id,
      taskName: row.task_name,
      period: row.period,
      periodLabel: formatPeriodLabel(row.period_type, row.period),
      enterpriseId: row.enterprise_id,
      enterpriseName: row.enterprise_name,
      uscc: row.uscc,
      regionCode: row.region_code,
      regionName: row.region_name,
      submittedAt: row.submitted_at?.toISOString() ?? null,
      pendingLevel: row.pending_level,
      errorCount,
      warningCount,
      hintCount: findings.length - errorCount - warningCount,
      isClean: errorCount + warningCount === 0,
      headlineValue: numericValue(
        deriveValues(row.edition_id, row.period_type, row.cell_values),
        headline.formId,
        headline.key,
      ),
      score: scores.get(row.id)?.score ?? null,
      isAcceptedAsIs: scores.get(row.id)?.isAcceptedAsIs ?? false,
      integritySignals: signals.get(row.id) ?? [],
      ...(await reviewDeadlineFor(ctx, settingsOf, row, admin.adminLevel)),
    });
  }
  return items;
}
