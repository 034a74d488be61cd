import type { Database } from '../db/database.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import {
  explanationKey,
  auditFiling,
  hasVisibleText,
  deriveComputedCells,
  getEdition,
  type FilingValues,
  type Finding,
  type SurveyEdition,
} from '@zhibao/survey';
import { assertCanAccessEnterprise, requireEnterpriseActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import type { AdminLevel, CellComment, CellValues, FilingStatus, PeriodType } from '../db/schema.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { findReviewChainOfRegion } from '../review/review-chain.repository.ts';
import { isApplicationTask } from '../task-application/task-application.rules.ts';
import { formatPeriodLabel, formatReportName } from '../task/period.ts';
import { isEnterpriseObliged } from '../task/task-obligation.ts';
import { applyFilingCommand, describeFilingState, type FilingState } from './filing-transitions.ts';
import { checkFilingValues, compactValues, findingCellPath } from './filing-values.ts';
import { filingWindowOf, filingWindowRefusal, formatChinaDateTime } from './filing-window.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { recordValueChanges } from './filing-history.repository.ts';
import { diffCellValues, type ValueChange } from './filing-history.ts';
import {
  findEnterpriseForFiling,
  findFilingWithRegion,
  findFilingById,
  findFilingOfTask,
  findFilingScope,
  findLatestRevision,
  findTask,
  findUserDisplayName,
  findValuesOfPeriods,
  insertDraftFiling,
  listApprovedApplicationTaskIds,
  listFilingsOfEnterprise,
  listLatestRevisionsOfEnterprise,
  listReviewsOfFiling,
  listTasks,
  submitFilingIfVersion,
  updateFilingIfUnchanged,
  updateFilingValuesWithHistory,
  type FilingRecord,
  type TaskRow,
} from './filing.repository.ts';

/** Where a request came from, for the audit trail. */
export interface EnterpriseTask {
  taskId: string;
  taskName: string;
  periodType: PeriodType;
  period: string;
  periodLabel: string;
  opensAt: string;
  closesAt: string;
  filingId: string | null;
  status: FilingStatus | 'not_started';
  pendingLevel: AdminLevel | null;
  submittedAt: string | null;
  /** Whether the window is open now (the task list offers 填报 / 取消上报 only then). */
  isWindowOpen: boolean;
}

const statusOrder: Record<EnterpriseTask['status'], number> = {
  returned: 0,
  not_started: 1,
  draft: 1,
  submitted: 2,
  approved: 3,
};

async function loadOwnEnterprise(ctx: AppContext, actor: Actor) {
  const { enterpriseId } = requireEnterpriseActor(actor);
  const enterprise = await findEnterpriseForFiling(ctx.db, enterpriseId);
  assertCanAccessEnterprise(actor, enterprise && { id: enterprise.id, regionCode: enterprise.region_code });
  return enterprise;
}

type OwnEnterprise = Awaited<ReturnType<typeof loadOwnEnterprise>>;

/** Whether a task is one of the enterprise's: by the directory (部级), by an approved application, or filed. */
function isTaskOfEnterprise(
  task: TaskRow,
  enterprise: OwnEnterprise,
  hasFiling: boolean,
  approvedApplications: Set<string>,
): boolean {
  if (hasFiling) return true;
  if (isApplicationTask(task)) return approvedApplications.has(task.id);
  return isEnterpriseObliged(task, {
    regionCode: enterprise.region_code,
    isInScope: enterprise.is_in_scope,
    isKeyEnterprise: enterprise.is_key_enterprise,
  });
}

/** 我的填报任务: the tasks the enterprise must file, with its filing's status; returned ones first. */
export async function listEnterpriseTasks(ctx: AppContext, actor: Actor): Promise<EnterpriseTask[]> {
  const enterprise = await loadOwnEnterprise(ctx, actor);
  const [tasks, filings, approved] = await Promise.all([
    listTasks(ctx.db),
    listFilingsOfEnterprise(ctx.db, enterprise.id),
    listApprovedApplicationTaskIds(ctx.db, enterprise.id),
  ]);
  const filingByTask = new Map(filings.map((filing) => [filing.task_id, filing]));
  const now = ctx.now();
  return tasks
    .filter((task) => isTaskOfEnterprise(task, enterprise, filingByTask.has(task.id), approved))
    .map((task): EnterpriseTask => {
      const filing = filingByTask.get(task.id);
      const window = filingWindowOf(task, filing);
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
        isWindowOpen: filingWindowRefusal(window, now) === null,
      };
    })
    .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || b.closesAt.localeCompare(a.closesAt));
}

export interface FiledReport {
  filingId: string;
  reportName: string;
  period: string;
  periodLabel: string;
  submittedAt: string;
}

/** 填报数据查询: the enterprise's submitted reports, filtered by period and report-name keyword. */
export async function listFiledReports(
  ctx: AppContext,
  actor: Actor,
  filter: { period?: string; keyword?: string },
): Promise<FiledReport[]> {
  const enterprise = await loadOwnEnterprise(ctx, actor);
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

/** The ministry's report name, with the owner's tag ([省级] …) when the task is not the ministry's. */
function reportNameOf(task: { task_name: string; period_type: PeriodType; period: string }): string {
  const tag = /^\[(省级|市级)\]/.exec(task.task_name)?.[0] ?? '';
  return `${tag}${formatReportName(task.period_type, task.period)}`;
}

// ---------------------------------------------------------------------------------------------------
// The filing screen

export interface ReturnReview {
  level: AdminLevel;
  reason: string | null;
  cellComments: CellComment[];
  returnedAt: string;
}

export interface FilingView {
  taskId: string;
  taskName: string;
  reportName: string;
  periodType: PeriodType;
  period: string;
  periodLabel: string;
  editionId: string;
  enterprise: { name: string; uscc: string; regionCode: string };
  window: { opensAt: string; closesAt: string; isExtended: boolean; refusal: string | null };
  filingId: string | null;
  status: FilingStatus | 'not_started';
  statusLabel: string;
  pendingLevel: AdminLevel | null;
  /** The version the filer edits; sent back with every save (optimistic locking). */
  version: number | null;
  submittedAt: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
  /** The typed values: the working copy, or the latest submission when `isAsFiled`. */
  values: FilingValues;
  explanations: Record<string, string>;
  /** The same enterprise's values of the periods the form compares with. */
  context: { previousPeriod: FilingValues | null; samePeriodLastYear: FilingValues | null };
  /** Whether these are the values as filed (the latest revision), shown read-only. */
  isAsFiled: boolean;
  revisionNo: number | null;
  canEdit: boolean;
  /** Why the filing cannot be edited now; null when it can. */
  editRefusal: string | null;
  canCancelSubmission: boolean;
  cancelRefusal: string | null;
  /** The server's audit of `values`. */
  findings: Finding[];
  /** The reviewer's reasons, when the filing was returned. */
  returnReview: ReturnReview | null;
}

interface FilingScope {
  enterprise: OwnEnterprise;
  task: TaskRow;
  filing: FilingRecord | undefined;
  edition: SurveyEdition;
  /** The display name of who wrote `filing` last, when it was read with the scope. */
  updatedByName?: string | null;
}

/** Loads a task of the actor's own enterprise with its filing; other tasks answer "not found". */
async function loadTaskScope(ctx: AppContext, actor: Actor, taskId: string): Promise<FilingScope> {
  const { enterpriseId } = requireEnterpriseActor(actor);
  // Enterprise, task and filing in one query: each load, save and submission starts here.
  const row = await findFilingScope(ctx.db, enterpriseId, taskId);
  if (!row) throw notFound('企业');
  const enterprise: OwnEnterprise = {
    id: row.enterprise_id,
    name: row.enterprise_name,
    uscc: row.uscc,
    region_code: row.region_code,
    is_in_scope: row.is_in_scope,
    is_key_enterprise: row.is_key_enterprise,
  };
  assertCanAccessEnterprise(actor, { id: enterprise.id, regionCode: enterprise.region_code });
  const task = taskOfScopeRow(row);
  const filing = filingOfScopeRow(row);
  // Approved 填报任务申请 matter only for an application task not yet filed; other requests skip the query.
  const approved =
    task && !filing && isApplicationTask(task)
      ? await listApprovedApplicationTaskIds(ctx.db, enterprise.id)
      : new Set<string>();
  if (!task || !isTaskOfEnterprise(task, enterprise, filing !== undefined, approved))
    throw notFound('填报任务');
  return {
    enterprise,
    task,
    filing,
    edition: getEdition(task.edition_id),
    updatedByName: row.updated_by_name,
  };
}

type ScopeRow = NonNullable<Awaited<ReturnType<typeof findFilingScope>>>;

function taskOfScopeRow(row: ScopeRow): TaskRow | undefined {
  if (row.task_id === null || row.task_name === null || row.edition_id === null) return undefined;
  if (row.period_type === null || row.period === null || row.opens_at === null) return undefined;
  if (row.closes_at === null || row.owner_region_code === null || row.owner_region_level === null)
    return undefined;
  return {
    id: row.task_id,
    name: row.task_name,
    edition_id: row.edition_id,
    period_type: row.period_type,
    period: row.period,
    opens_at: row.opens_at,
    closes_at: row.closes_at,
    owner_region_code: row.owner_region_code,
    owner_region_level: row.owner_region_level,
  };
}

function filingOfScopeRow(row: ScopeRow): FilingRecord | undefined {
  if (row.filing_id === null || row.task_id === null || row.status === null) return undefined;
  if (row.cell_values === null || row.explanations === null || row.version === null) return undefined;
  if (row.updated_at === null) return undefined;
  return {
    id: row.filing_id,
    task_id: row.task_id,
    enterprise_id: row.enterprise_id,
    status: row.status,
    pending_level: row.pending_level,
    cell_values: row.cell_values,
    explanations: row.explanations,
    version: row.version,
    deadline_extended_until: row.deadline_extended_until,
    submitted_at: row.submitted_at,
    updated_at: row.updated_at,
    updated_by: row.updated_by,
  };
}

function contextPeriods(
  periodType: PeriodType,
  period: string,
): { previous: string | null; lastYear: string } {
  const year = Number(period.slice(0, 4));
  if (periodType === 'year') return { previous: null, lastYear: String(year - 1) };
  const month = Number(period.slice(5, 7));
  const pad = (value: number) => String(value).padStart(2, '0');
  return { previous: month > 1 ? `${year}-${pad(month - 1)}` : null, lastYear: `${year - 1}-${pad(month)}` };
}

async function loadContext(ctx: AppContext, scope: FilingScope) {
  const periods = contextPeriods(scope.task.period_type, scope.task.period);
  const found = await findValuesOfPeriods(
    ctx.db,
    scope.enterprise.id,
    scope.task.period_type,
    periods.previous ? [periods.previous, periods.lastYear] : [periods.lastYear],
  );
  return {
    previousPeriod: periods.previous ? (found.get(periods.previous) ?? null) : null,
    samePeriodLastYear: found.get(periods.lastYear) ?? null,
  };
}

function audit(scope: FilingScope, values: FilingValues, context: Awaited<ReturnType<typeof loadContext>>) {
  return auditFiling(scope.edition, {
    periodType: scope.task.period_type,
    period: scope.task.period,
    values,
    previousPeriod: context.previousPeriod ?? undefined,
    samePeriodLastYear: context.samePeriodLastYear ?? undefined,
    enterprise: {
      uscc: scope.enterprise.uscc,
      name: scope.enterprise.name,
      divisionCode: scope.enterprise.region_code,
    },
  }).findings;
}

function stateOf(filing: FilingRecord | undefined, hasReviewerActed: boolean): FilingState {
  return filing
    ? { status: filing.status, pendingLevel: filing.pending_level, hasReviewerActed }
    : { status: 'not_started', pendingLevel: null, hasReviewerActed: false };
}

/** Whether a reviewer acted on the filing's current submission (then 取消上报 is no longer possible). */
function hasReviewerActedSince(
  reviews: Awaited<ReturnType<typeof listReviewsOfFiling>>,
  filing: FilingRecord | undefined,
): boolean {
  const submittedAt = filing?.submitted_at;
  return submittedAt ? reviews.some((review) => review.created_at >= submittedAt) : false;
}

/** What the caller has already loaded for the same scope, so that presenting it does not load it again. */
interface KnownParts {
  context?: Awaited<ReturnType<typeof loadContext>>;
  chain?: Awaited<ReturnType<typeof findReviewChainOfRegion>>;
  reviews?: Awaited<ReturnType<typeof listReviewsOfFiling>>;
}

async function presentFiling(
  ctx: AppContext,
  scope: FilingScope,
  asFiled: boolean,
  known: KnownParts = {},
): Promise<FilingView> {
  const { task, filing, enterprise } = scope;
  const now = ctx.now();
  // Reviews decide only whether a reviewer acted since the submission and why a returned filing came back:
  // a draft never submitted has neither, which is every filing's first load at the deadline.
  const needsReviews = filing !== undefined && (filing.submitted_at !== null || filing.status === 'returned');
  const [context, chain, reviews, revision, updatedBy] = await Promise.all([
    known.context ?? loadContext(ctx, scope),
    known.chain ?? findReviewChainOfRegion(ctx.db, enterprise.region_code),
    known.reviews ?? (needsReviews ? listReviewsOfFiling(ctx.db, filing.id) : Promise.resolve([])),
    filing && asFiled ? findLatestRevision(ctx.db, filing.id) : Promise.resolve(undefined),
    scope.updatedByName !== undefined
      ? { display_name: scope.updatedByName }
      : filing?.updated_by
        ? findUserDisplayName(ctx.db, filing.updated_by)
        : Promise.resolve(undefined),
  ]);
  if (asFiled && !revision) throw notFound('报表');
  const window = filingWindowOf(task, filing);
  const windowRefusal = filingWindowRefusal(window, now);
  const state = stateOf(filing, hasReviewerActedSince(reviews, filing));
  const save = applyFilingCommand(state, { type: 'save' }, chain.levels);
  const cancel = applyFilingCommand(state, { type: 'cancel-submission' }, chain.levels);
  const editRefusal = asFiled
    ? '这是已上报的报表，仅供查看'
    : (windowRefusal ?? (save.ok ? null : save.reason));
  const cancelRefusal = windowRefusal ?? (cancel.ok ? null : cancel.reason);
  const values = (revision?.cell_values ?? filing?.cell_values ?? {}) as FilingValues;
  const latestReturn =
    filing?.status === 'returned' ? reviews.find((review) => review.action === 'return') : undefined;
  return {
    taskId: task.id,
    taskName: task.name,
    reportName: reportNameOf({ task_name: task.name, period_type: task.period_type, period: task.period }),
    periodType: task.period_type,
    period: task.period,
    periodLabel: formatPeriodLabel(task.period_type, task.period),
    editionId: scope.edition.id,
    enterprise: { name: enterprise.name, uscc: enterprise.uscc, regionCode: enterprise.region_code },
    window: {
      opensAt: window.opensAt.toISOString(),
      closesAt: window.closesAt.toISOString(),
      isExtended: window.isExtended,
      refusal: windowRefusal,
    },
    filingId: filing?.id ?? null,
    status: state.status,
    statusLabel: describeFilingState(state),
    pendingLevel: state.pendingLevel,
    version: filing?.version ?? null,
    submittedAt: filing?.submitted_at?.toISOString() ?? null,
    updatedAt: filing?.updated_at.toISOString() ?? null,
    updatedBy: updatedBy?.display_name ?? null,
    values,
    explanations: revision?.explanations ?? filing?.explanations ?? {},
    context: { previousPeriod: context.previousPeriod, samePeriodLastYear: context.samePeriodLastYear },
    isAsFiled: asFiled,
    revisionNo: revision?.revision_no ?? null,
    canEdit: editRefusal === null,
    editRefusal,
    canCancelSubmission: !asFiled && cancelRefusal === null,
    cancelRefusal,
    findings: audit(scope, values, context),
    returnReview: latestReturn
      ? {
          level: latestReturn.level as AdminLevel,
          reason: latestReturn.reason,
          cellComments: latestReturn.cell_comments,
          returnedAt: latestReturn.created_at.toISOString(),
        }
      : null,
  };
}

/** The filing screen of a task: the working copy, its context periods, audit, and what the filer may do. */
export async function getTaskFiling(ctx: AppContext, actor: Actor, taskId: string): Promise<FilingView> {
  const scope = await loadTaskScope(ctx, actor, taskId);
  return presentFiling(ctx, scope, false);
}

/** 填报数据查询 → 查看: a filing as filed (its latest submission), read-only. */
export async function getFiledReport(ctx: AppContext, actor: Actor, filingId: string): Promise<FilingView> {
  const enterprise = await loadOwnEnterprise(ctx, actor);
  const filing = await findFilingById(ctx.db, filingId);
  if (!filing || filing.enterprise_id !== enterprise.id) throw notFound('报表');
  const task = await findTask(ctx.db, filing.task_id);
  if (!task) throw notFound('报表');
  return presentFiling(ctx, { enterprise, task, filing, edition: getEdition(task.edition_id) }, true);
}

// ---------------------------------------------------------------------------------------------------
// Saving, submitting, cancelling

/** Thrown inside a transaction when another filer wrote the filing first; rolls the transaction back. */
class VersionConflict extends Error {}

/**
 * The filing as loaded, if the client edited that very version. Every write below is conditional on the loaded
 * version and status, never on the client's: the client's version only tells a stale page, so a write cannot
 * land on a row whose state nobody checked (a 取消上报 claiming the version an approval was about to write).
 */
function loadedFilingEditedBy(
  filing: FilingRecord | undefined,
  clientVersion: number | null,
): FilingRecord | undefined {
  if (filing ? clientVersion !== filing.version : clientVersion !== null) throw new VersionConflict();
  return filing;
}

/** What a write of the filing expects to find: the version and status its state was checked on. */
function expectedOf(filing: { version: number; status: FilingStatus }) {
  return { version: filing.version, status: filing.status };
}

/**
 * A first write of the task's filing, inside its transaction: a new draft (with the history of its cells), or
 * a version conflict when another filer created it since the scope was loaded.
 */
async function insertFirstDraft(
  trx: Database,
  scope: FilingScope,
  draft: {
    values: CellValues;
    userId: string;
    now: Date;
    action: 'filing.save' | 'filing.submit';
    ip: string;
  },
): Promise<{ id: string; version: number; status: FilingStatus }> {
  const inserted = await insertDraftFiling(trx, {
    taskId: scope.task.id,
    enterpriseId: scope.enterprise.id,
    values: draft.values,
    userId: draft.userId,
    now: draft.now,
  });
  if (!inserted) throw new VersionConflict();
  await recordValueChanges(trx, {
    filingId: inserted.id,
    before: null,
    after: draft.values,
    action: draft.action,
    actorUserId: draft.userId,
    at: draft.now,
    ip: draft.ip,
  });
  return { id: inserted.id, version: inserted.version, status: 'draft' };
}

async function versionConflictError(ctx: AppContext, scope: FilingScope): Promise<AppError> {
  const current = await findFilingOfTask(ctx.db, scope.task.id, scope.enterprise.id);
  const who = current?.updated_by
    ? (await findUserDisplayName(ctx.db, current.updated_by))?.display_name
    : null;
  const when = current ? formatChinaDateTime(current.updated_at) : '';
  return new AppError(
    'FILING_VERSION_CONFLICT',
    `该报表已被${who ? `本企业的${who}` : '其他填报人员'}于${when}修改，您的修改尚未保存。您填写的数据仍保留在页面上，请核对后选择“以我的数据覆盖”或“加载最新数据”。`,
    [{ name: 'version', reason: `当前版本为${current?.version ?? '无'}` }],
  );
}

function assertWindowOpen(scope: FilingScope, now: Date): void {
  const refusal = filingWindowRefusal(filingWindowOf(scope.task, scope.filing), now);
  if (refusal) throw new AppError('FILING_WINDOW_CLOSED', refusal);
}

function assertValuesShape(scope: FilingScope, values: CellValues): FilingValues {
  const problems = checkFilingValues(scope.edition, scope.task.period_type, values);
  if (problems.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `报表数据有误：${problems.map((problem) => `${problem.name} ${problem.reason}`).join('；')}`,
      problems,
    );
  }
  return compactValues(values as FilingValues);
}

export interface SavedDraft {
  version: number;
  status: FilingStatus;
  statusLabel: string;
  updatedAt: string;
  findings: Finding[];
}

/**
 * A filing by id for the enterprise that files it and the administrators of its region and the levels above;
 * anyone else reads "not found".
 */
export async function loadVisibleFiling(ctx: AppContext, actor: Actor, filingId: string) {
  const filing = await findFilingWithRegion(ctx.db, filingId);
  assertCanAccessEnterprise(
    actor,
    filing && { id: filing.enterprise_id, regionCode: filing.region_code },
    '报表',
  );
  return filing;
}

/**
 * 保存 (and autosave): a draft always saves whatever its audit finds, as long as nobody else saved since
 * the filer loaded `version`.
 */
export async function saveDraft(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: { version: number | null; values: CellValues },
  meta: RequestMeta,
): Promise<SavedDraft> {
  const scope = await loadTaskScope(ctx, actor, taskId);
  const now = ctx.now();
  assertWindowOpen(scope, now);
  const values = assertValuesShape(scope, input.values);
  const chain = await findReviewChainOfRegion(ctx.db, scope.enterprise.region_code);
  const transition = applyFilingCommand(stateOf(scope.filing, false), { type: 'save' }, chain.levels);
  if (!transition.ok) throw new AppError(transition.code, transition.reason);
  const next = transition.state;

  let version: number;
  try {
    const loaded = loadedFilingEditedBy(scope.filing, input.version);
    version = loaded
      ? await saveOverLoadedVersion(ctx, loaded, values as CellValues, next, actor, meta, now)
      : await saveFirstDraft(ctx, scope, values as CellValues, actor, meta, now);
  } catch (error) {
    if (error instanceof VersionConflict) throw await versionConflictError(ctx, scope);
    throw error;
  }
  const context = await loadContext(ctx, scope);
  return {
    version,
    status: next.status as FilingStatus,
    statusLabel: describeFilingState(next),
    updatedAt: now.toISOString(),
    findings: audit(scope, values, context),
  };
}

/** A save over the version the filer loaded: one statement writes the filing and its history. */
async function saveOverLoadedVersion(
  ctx: AppContext,
  filing: FilingRecord,
  values: CellValues,
  next: FilingState,
  actor: Actor,
  meta: RequestMeta,
  now: Date,
): Promise<number> {
  const written = await updateFilingValuesWithHistory(
    ctx.db,
    filing.id,
    expectedOf(filing),
    {
      status: next.status as FilingStatus,
      pendingLevel: next.pendingLevel,
      values,
      userId: actor.userId,
      now,
    },
    { changes: diffCellValues(filing.cell_values, values), action: 'filing.save', ip: meta.ip },
  );
  if (written === undefined) throw new VersionConflict();
  return written;
}

/** The first save of the task's filing: a new draft with its history and audit row, in one transaction. */
async function saveFirstDraft(
  ctx: AppContext,
  scope: FilingScope,
  values: CellValues,
  actor: Actor,
  meta: RequestMeta,
  now: Date,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await insertFirstDraft(trx, scope, {
      values,
      userId: actor.userId,
      now,
      action: 'filing.save',
      ip: meta.ip,
    });
    await insertAuditEvent(trx, {
      subjectType: 'filing',
      actorUserId: actor.userId,
      action: 'filing.save',
      subjectId: row.id,
      regionCode: scope.enterprise.region_code,
      details: { from: 'not_started', to: 'draft', taskId: scope.task.id },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    return row.version;
  });
}

/**
 * 上报: re-audits authoritatively, refuses while a 必改错误 stands or a 严重警告 lacks its 审核说明, then saves,
 * freezes the submission as a revision and hands the filing to the first review level, in one transaction.
 */
export async function submitFiling(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: { version: number | null; values: CellValues; explanations: Record<string, string> },
  meta: RequestMeta,
): Promise<FilingView> {
  const scope = await loadTaskScope(ctx, actor, taskId);
  const now = ctx.now();
  assertWindowOpen(scope, now);
  const values = assertValuesShape(scope, input.values);
  const [chain, context] = await Promise.all([
    findReviewChainOfRegion(ctx.db, scope.enterprise.region_code),
    loadContext(ctx, scope),
  ]);
  const saved = applyFilingCommand(stateOf(scope.filing, false), { type: 'save' }, chain.levels);
  if (!saved.ok) throw new AppError(saved.code, saved.reason);
  const submitted = applyFilingCommand(saved.state, { type: 'submit' }, chain.levels);
  if (!submitted.ok) throw new AppError(submitted.code, submitted.reason);

  const findings = audit(scope, values, context);
  const errors = findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `报表有${errors.length}条必改错误，不能上报；请按审核结果修改后再上报`,
      errors.map((finding) => ({ name: findingCellPath(finding), reason: finding.message })),
    );
  }
  const explanations: Record<string, string> = {};
  const unexplained: Finding[] = [];
  for (const warning of findings.filter((finding) => finding.severity === 'warning')) {
    // Only visible text explains: a zero-width space or other invisible characters do not.
    const text = input.explanations[explanationKey(warning)]?.trim();
    if (hasVisibleText(text)) explanations[explanationKey(warning)] = text!;
    else unexplained.push(warning);
  }
  if (unexplained.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `严重警告必须填写审核说明：还有${unexplained.length}条严重警告没有说明`,
      unexplained.map((finding) => ({
        name: `explanations.${explanationKey(finding)}`,
        reason: `请填写有实际内容的审核说明：${finding.message}`,
      })),
    );
  }

  const state = submitted.state;
  const writeSubmission = async (
    db: Database,
    row: { id: string; version: number; status: FilingStatus },
    changes: ValueChange[],
  ) => {
    const version = await submitFilingIfVersion(
      db,
      row.id,
      expectedOf(row),
      {
        status: state.status as FilingStatus,
        pendingLevel: state.pendingLevel,
        values: values as CellValues,
        explanations,
        userId: actor.userId,
        now,
      },
      {
        changes,
        regionCode: scope.enterprise.region_code,
        auditDetails: {
          from: scope.filing?.status ?? 'not_started',
          to: state.status,
          pendingLevel: state.pendingLevel,
          explainedWarnings: Object.keys(explanations),
          hints: findings.filter((finding) => finding.severity === 'hint').length,
          userAgent: meta.userAgent ?? null,
        },
        requestId: meta.requestId,
        ip: meta.ip,
      },
    );
    if (version === undefined) throw new VersionConflict();
    return { id: row.id, version };
  };
  let written: { id: string; version: number };
  try {
    // The submission over the version the filer loaded is one statement; a first write of the filing inserts
    // the draft first, in a transaction.
    const loaded = loadedFilingEditedBy(scope.filing, input.version);
    written = loaded
      ? await writeSubmission(ctx.db, loaded, diffCellValues(loaded.cell_values, values))
      : await ctx.db.transaction().execute(async (trx) => {
          const row = await insertFirstDraft(trx, scope, {
            values: values as CellValues,
            userId: actor.userId,
            now,
            action: 'filing.submit',
            ip: meta.ip,
          });
          return writeSubmission(trx, row, []);
        });
  } catch (error) {
    if (error instanceof VersionConflict) throw await versionConflictError(ctx, scope);
    throw error;
  }
  // The answer is the filing as just written, with the context and chain loaded above: loading the task,
  // filing, context and chain again took nine more queries per submission at the deadline.
  const submittedFiling: FilingRecord = {
    id: written.id,
    task_id: scope.task.id,
    enterprise_id: scope.enterprise.id,
    status: state.status as FilingStatus,
    pending_level: state.pendingLevel,
    cell_values: values as CellValues,
    explanations,
    version: written.version,
    deadline_extended_until: scope.filing?.deadline_extended_until ?? null,
    submitted_at: now,
    updated_at: now,
    updated_by: actor.userId,
  };
  // No review can postdate a submission made just now, so the filing's reviews cannot change the answer.
  // The name of who wrote it is the filer's, known from the scope when the filer also wrote it last.
  const updatedByName = scope.filing?.updated_by === actor.userId ? scope.updatedByName : undefined;
  return presentFiling(ctx, { ...scope, filing: submittedFiling, updatedByName }, false, {
    context,
    chain,
    reviews: [],
  });
}

/** 取消上报: while the window is open and no reviewer has acted, the filing becomes an editable draft again. */
export async function cancelSubmission(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: { version: number | null },
  meta: RequestMeta,
): Promise<FilingView> {
  const scope = await loadTaskScope(ctx, actor, taskId);
  const { filing } = scope;
  if (!filing) throw new AppError('FILING_NOT_SUBMITTED', '报表尚未上报，无需取消上报');
  assertWindowOpen(scope, ctx.now());
  const [chain, reviews] = await Promise.all([
    findReviewChainOfRegion(ctx.db, scope.enterprise.region_code),
    listReviewsOfFiling(ctx.db, filing.id),
  ]);
  const transition = applyFilingCommand(
    stateOf(filing, hasReviewerActedSince(reviews, filing)),
    { type: 'cancel-submission' },
    chain.levels,
  );
  if (!transition.ok) throw new AppError(transition.code, transition.reason);
  const now = ctx.now();
  try {
    // A page that sent no version cancels what was loaded; one that did must have seen that very version.
    loadedFilingEditedBy(filing, input.version ?? filing.version);
    await ctx.db.transaction().execute(async (trx) => {
      const written = await updateFilingIfUnchanged(trx, filing.id, expectedOf(filing), {
        status: transition.state.status as FilingStatus,
        pendingLevel: transition.state.pendingLevel,
        submittedAt: null,
        userId: actor.userId,
        now,
      });
      if (written === undefined) throw new VersionConflict();
      await insertAuditEvent(trx, {
        subjectType: 'filing',
        actorUserId: actor.userId,
        action: 'filing.cancel-submission',
        subjectId: filing.id,
        regionCode: scope.enterprise.region_code,
        details: { from: filing.status, to: transition.state.status, pendingLevel: filing.pending_level },
        requestId: meta.requestId,
        ip: meta.ip,
      });
    });
  } catch (error) {
    if (error instanceof VersionConflict) throw await versionConflictError(ctx, scope);
    throw error;
  }
  return getTaskFiling(ctx, actor, taskId);
}

export interface TrendPoint {
  period: string;
  periodLabel: string;
  /** 软件业务收入合计 (2020), 万元, year-to-date as filed. */
  softwareRevenue: number | null;
  /** 利润总额 (2090), 万元. */
  profit: number | null;
  /** 平均用工人数 (2112), 人. */
  headcount: number | null;
}

/** The enterprise's own trend over its filed monthly reports (the latest submission of each period). */
export async function listFilingTrend(ctx: AppContext, actor: Actor): Promise<TrendPoint[]> {
  const enterprise = await loadOwnEnterprise(ctx, actor);
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

// Used by the export and template services, which share the scope rules above.
export { loadOwnEnterprise, loadTaskScope, loadContext, audit as auditScopeValues, reportNameOf };
export type { FilingScope };
