import type { EnterpriseTask, FiledReport, FilingView, TrendPoint } from '@zhibao/contracts';
import { deriveComputedCells, getEdition, type FilingValues } from '@zhibao/survey';
import { authorize } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { notFound } from '../http/app-error.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { findTaskWithOwnerRegion } from '../task/task.repository.ts';
import { isTaskOfEnterprise, loadOwnEnterprise, loadTaskScope, reportNameOf } from './filing-scope.ts';
import { presentFiling } from './filing-view.ts';
import { allowedFilingActions } from './filing-transitions.ts';
import { findReviewChainOfRegion } from '../review/review-chain.repository.ts';
import { filingWindowOf, filingWindowRefusal } from './filing-window.ts';
import { listObligedTaskIds } from '../task/task-obligation.repository.ts';
import {
  findFilingById,
  findFilingWithRegion,
  listApprovedApplicationTaskIds,
  listFilingsOfEnterprise,
  listLatestRevisionsOfEnterprise,
  listTasks,
} from './filing.repository.ts';

/*
 * What the enterprise reads of its filings: its tasks, its filed reports, one filing's screen and its trend.
 * The state changes are one file each in commands/.
 */

const statusOrder: Record<EnterpriseTask['status'], number> = {
  returned: 0,
  not_started: 1,
  draft: 1,
  submitted: 2,
  approved: 3,
};

/** 我的填报任务: the tasks the enterprise must file, with its filing's status; returned ones first. */
export async function listEnterpriseTasks(ctx: AppContext, actor: Actor): Promise<EnterpriseTask[]> {
  const enterprise = await loadOwnEnterprise(ctx, actor, 'filing.list');
  const [tasks, filings, approved, obliged, chain] = await Promise.all([
    listTasks(ctx.db),
    listFilingsOfEnterprise(ctx.db, enterprise.id),
    listApprovedApplicationTaskIds(ctx.db, enterprise.id),
    listObligedTaskIds(ctx.db, enterprise.id),
    findReviewChainOfRegion(ctx.db, enterprise.region_code),
  ]);
  const filingByTask = new Map(filings.map((filing) => [filing.task_id, filing]));
  const now = ctx.now();
  return tasks
    .filter((task) => isTaskOfEnterprise(task, obliged.has(task.id), filingByTask.has(task.id), approved))
    .map((task): EnterpriseTask => {
      const filing = filingByTask.get(task.id);
      const window = filingWindowOf(task, filing);
      const isWindowOpen = filingWindowRefusal(window, now) === null;
      const state = filing
        ? {
            status: filing.status,
            pendingLevel: filing.pending_level,
            hasReviewerActed: Boolean(filing.has_reviewer_acted),
          }
        : { status: 'not_started' as const, pendingLevel: null, hasReviewerActed: false };
      return {
        taskId: task.id,
        taskName: task.name,
        periodType: task.period_type,
        period: task.period,
        periodLabel: formatPeriodLabel(task.period_type, task.period),
        opensAt: window.opensAt.toISOString(),
        closesAt: window.closesAt.toISOString(),
        filingId: filing?.id ?? null,
        status: filing?.status ?? 'not_started',
        pendingLevel: filing?.pending_level ?? null,
        submittedAt: filing?.submitted_at?.toISOString() ?? null,
        isWindowOpen,
        allowedActions: allowedFilingActions(state, chain.levels, isWindowOpen),
      };
    })
    .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || b.closesAt.localeCompare(a.closesAt));
}

/** 填报数据查询: the enterprise's submitted reports, filtered by period and report-name keyword. */
export async function listFiledReports(
  ctx: AppContext,
  actor: Actor,
  filter: { period?: string; keyword?: string },
): Promise<FiledReport[]> {
  const enterprise = await loadOwnEnterprise(ctx, actor, 'filing.list');
  const filings = await listFilingsOfEnterprise(ctx.db, enterprise.id);
  return filings
    .filter((filing) => filing.submitted_at !== null)
    .map((filing) => ({
      filingId: filing.id,
      reportName: reportNameOf(filing),
      period: filing.period,
      periodLabel: formatPeriodLabel(filing.period_type, filing.period),
      submittedAt: (filing.submitted_at as Date).toISOString(),
    }))
    .filter(
      (report) =>
        (!filter.period || report.period === filter.period) &&
        (!filter.keyword || report.reportName.includes(filter.keyword)),
    );
}

/** The filing screen of a task: the working copy, its context periods, audit, and what the filer may do. */
export async function getTaskFiling(ctx: AppContext, actor: Actor, taskId: string): Promise<FilingView> {
  const scope = await loadTaskScope(ctx, actor, taskId, 'filing.open');
  return presentFiling(ctx, scope, false);
}

/** 填报数据查询 → 查看: a filing as filed (its latest submission), read-only. */
export async function getFiledReport(ctx: AppContext, actor: Actor, filingId: string): Promise<FilingView> {
  const enterprise = await loadOwnEnterprise(ctx, actor, 'filing.open');
  const filing = await findFilingById(ctx.db, filingId);
  if (!filing || filing.enterprise_id !== enterprise.id) throw notFound('报表');
  const task = await findTaskWithOwnerRegion(ctx.db, filing.task_id);
  if (!task) throw notFound('报表');
  return presentFiling(ctx, { enterprise, task, filing, edition: getEdition(task.edition_id) }, true);
}

/**
 * A filing by id for the enterprise that files it and the administrators of its region and the levels above;
 * anyone else reads "not found".
 */
export async function loadVisibleFiling(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
  action: 'filing.read' | 'change-request.create' = 'filing.read',
) {
  const filing = await findFilingWithRegion(ctx.db, filingId);
  authorize(actor, action, filing && { id: filing.enterprise_id, regionCode: filing.region_code });
  return filing;
}

/** The enterprise's own trend over its filed monthly reports (the latest submission of each period). */
export async function listFilingTrend(ctx: AppContext, actor: Actor): Promise<TrendPoint[]> {
  const enterprise = await loadOwnEnterprise(ctx, actor, 'filing.list');
  const revisions = await listLatestRevisionsOfEnterprise(ctx.db, enterprise.id, 'month');
  // Several tasks may cover one period (部级 and 市级); the latest submission stands for it.
  const byPeriod = new Map(revisions.map((revision) => [revision.period, revision]));
  return [...byPeriod.values()].map((revision) => {
    const derived = deriveComputedCells(
      getEdition(revision.edition_id),
      'month',
      revision.cell_values as FilingValues,
    );
    const number = (key: string) => {
      const value = derived.monthly?.[key];
      // Sums of decimals carry float noise (5263.929999…); the form shows two decimals.
      return typeof value === 'number' ? Math.round(value * 100) / 100 : null;
    };
    return {
      period: revision.period,
      periodLabel: formatPeriodLabel('month', revision.period),
      softwareRevenue: number('2020'),
      profit: number('2090'),
      headcount: number('2112'),
    };
  });
}
