import type {
  DataQualityFinding,
  DataQualityFindingList,
  DataQualityFindingsQuery,
  DataQualityRun,
  DataQualityRunState,
} from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { scopePrefixFor } from '../review/review-scope.ts';
import { findTaskWithOwnerRegion } from '../task/task.repository.ts';
import {
  countFindings,
  countFindingsByKind,
  findRunsCovering,
  insertRun,
  listFindings,
  type DataQualityRunRow,
  type FindingFilter,
} from './data-quality.repository.ts';

/*
 * 数据质量检查: an administrator queues a run of a task over their region (the ministry's covers the nation) and
 * reads the findings of the latest finished run that covers the region viewed — a district reads the findings of
 * the ministry's national run as well as of its own — kept to that region (统计法).
 */

function presentRun(row: DataQualityRunRow): DataQualityRun {
  return {
    id: row.id,
    taskId: row.task_id,
    regionCode: row.region_code,
    regionName: row.region_name,
    status: row.status,
    requestedAt: row.requested_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    filingsTotal: row.filings_total,
    filingsDone: row.filings_done,
    findingCount: row.finding_count,
    error: row.error,
  };
}

async function runsOf(ctx: AppContext, taskId: string, scopePrefix: string) {
  const runs = await findRunsCovering(ctx.db, { taskId, scopePrefix });
  const latest = runs.find((run) => run.status === 'done') ?? null;
  const active = runs.find((run) => run.status === 'queued' || run.status === 'running') ?? null;
  return { latest, active, failed: runs[0]?.status === 'failed' ? runs[0] : null };
}

async function authorizedTask(
  ctx: AppContext,
  actor: Actor,
  action: 'data-quality.read' | 'data-quality.run',
  taskId: string,
) {
  const admin = authorizeActor(actor, action);
  const task = await findTaskWithOwnerRegion(ctx.db, taskId);
  authorize(admin, action, task);
  return { admin, task };
}

/** The runs of a task over the administrator's region: the latest finished one and the one under way. */
export async function getDataQualityRuns(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
): Promise<DataQualityRunState> {
  const { admin, task } = await authorizedTask(ctx, actor, 'data-quality.read', taskId);
  const { latest, active, failed } = await runsOf(
    ctx,
    task.id,
    regionScopePrefix(admin.regionCode, admin.regionLevel),
  );
  return {
    latest: latest && presentRun(latest),
    active: active ? presentRun(active) : failed && presentRun(failed),
  };
}

/** 重新检查: queues a run of the task over the administrator's region, or answers the one already queued. */
export async function startDataQualityRun(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  meta: RequestMeta,
): Promise<DataQualityRunState> {
  const { admin, task } = await authorizedTask(ctx, actor, 'data-quality.run', taskId);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const runId = await insertRun(trx, {
        taskId: task.id,
        regionCode: admin.regionCode,
        regionPrefix: regionScopePrefix(admin.regionCode, admin.regionLevel),
        requestedBy: admin.userId,
      });
      await insertAuditEvent(trx, {
        actorUserId: admin.userId,
        action: 'data-quality.run',
        subjectType: 'data-quality-run',
        subjectId: runId,
        regionCode: admin.regionCode,
        requestId: meta.requestId,
        details: { taskId: task.id, regionCode: admin.regionCode },
      });
    });
  } catch (error) {
    // One run of a task and region at a time: a second request joins the one queued.
    if (!isUniqueViolation(error)) throw error;
  }
  ctx.dataQuality?.wake();
  return getDataQualityRuns(ctx, admin, task.id);
}

async function filterOf(
  ctx: AppContext,
  actor: Actor,
  query: Omit<DataQualityFindingsQuery, 'page' | 'pageSize'>,
): Promise<{ run: DataQualityRunRow | null; filter: FindingFilter | null }> {
  const { admin, task } = await authorizedTask(ctx, actor, 'data-quality.read', query.taskId);
  const scopePrefix = await scopePrefixFor(ctx, admin, query.regionCode);
  const { latest } = await runsOf(ctx, task.id, scopePrefix);
  if (!latest) return { run: null, filter: null };
  return {
    run: latest,
    filter: { runId: latest.id, scopePrefix, kind: query.kind, search: query.search || undefined },
  };
}

type FindingRow = Awaited<ReturnType<typeof listFindings>>[number];

function presentFinding(row: FindingRow): DataQualityFinding {
  return {
    filingId: row.filing_id,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    uscc: row.uscc,
    regionCode: row.region_code,
    regionName: row.region_name,
    kind: row.kind,
    formId: row.form_id,
    key: row.cell_key,
    ruleId: row.rule_id,
    message: row.message,
    explanation: row.explanation,
  };
}

/** The findings of the latest finished run covering the region, filtered, a page at a time. */
export async function listDataQualityFindings(
  ctx: AppContext,
  actor: Actor,
  query: DataQualityFindingsQuery,
): Promise<DataQualityFindingList> {
  const { run, filter } = await filterOf(ctx, actor, query);
  if (!run || !filter) return { run: null, total: 0, countsByKind: {}, findings: [] };
  const [total, counts, rows] = await Promise.all([
    countFindings(ctx.db, filter),
    countFindingsByKind(ctx.db, filter),
    listFindings(ctx.db, filter, { offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
  ]);
  return {
    run: presentRun(run),
    total,
    countsByKind: Object.fromEntries(counts.map((row) => [row.kind, Number(row.count)])),
    findings: rows.map(presentFinding),
  };
}

/** Every finding the filter keeps (no cap), for the .xlsx export. */
export async function exportDataQualityFindings(
  ctx: AppContext,
  actor: Actor,
  query: Omit<DataQualityFindingsQuery, 'page' | 'pageSize'>,
): Promise<{ run: DataQualityRun | null; findings: DataQualityFinding[] }> {
  const { run, filter } = await filterOf(ctx, actor, query);
  if (!run || !filter) return { run: null, findings: [] };
  return { run: presentRun(run), findings: (await listFindings(ctx.db, filter)).map(presentFinding) };
}
