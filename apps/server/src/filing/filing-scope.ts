import { auditFiling, getEdition, type FilingValues, type SurveyEdition } from '@zhibao/survey';
import { authorize, authorizeActor, type OwnEnterpriseAction } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import type { CellValues, PeriodType } from '../db/schema.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { ruleSetOf } from '../rule-switch/rule-set.ts';
import { listRuleSwitchPackages } from '../rule-switch/rule-switch.repository.ts';
import { isApplicationTask } from '../task-application/task-application.rules.ts';
import { formatReportName } from '../task/period.ts';
import {
  filingVersionConflict,
  type LoadedFiling,
  type UnstartedFiling,
} from './commands/commit-filing-transition.ts';
import type { FilingState } from './filing-transitions.ts';
import { checkFilingValues, compactValues } from './filing-values.ts';
import { filingWindowOf, filingWindowRefusal, formatChinaDateTime } from './filing-window.ts';
import {
  findEnterpriseForFiling,
  findFilingOfTask,
  findFilingScope,
  findUserDisplayName,
  findValuesOfPeriods,
  listApprovedApplicationTaskIds,
  type FilingRecord,
  type TaskRow,
} from './filing.repository.ts';
import type { listReviewsOfFiling } from './filing.repository.ts';

/*
 * What every query and command of the enterprise's filing starts from: the actor's own enterprise, the task and
 * its filing (loadTaskScope, with the access check first), and the rules every write checks before the table
 * (the window, the shape of the values, the version the filer edited).
 */

export async function loadOwnEnterprise(ctx: AppContext, actor: Actor, action: OwnEnterpriseAction) {
  const { enterpriseId } = authorizeActor(actor, action);
  const enterprise = await findEnterpriseForFiling(ctx.db, enterpriseId);
  authorize(actor, action, enterprise && { id: enterprise.id, regionCode: enterprise.region_code });
  return enterprise;
}

export type OwnEnterprise = Awaited<ReturnType<typeof loadOwnEnterprise>>;

/**
 * Whether a task is one of the enterprise's: by its obligations of record (the directory when the task was
 * published, or an administrator's decision to add it), by an approved application, or filed.
 */
export function isTaskOfEnterprise(
  task: TaskRow,
  isObliged: boolean,
  hasFiling: boolean,
  approvedApplications: Set<string>,
): boolean {
  if (hasFiling) return true;
  if (isApplicationTask(task)) return approvedApplications.has(task.id);
  return isObliged;
}

/** The ministry's report name, with the owner's tag ([省级] …) when the task is not the ministry's. */
export function reportNameOf(task: { task_name: string; period_type: PeriodType; period: string }): string {
  const tag = /^\[(省级|市级)\]/.exec(task.task_name)?.[0] ?? '';
  return `${tag}${formatReportName(task.period_type, task.period)}`;
}

export interface FilingScope {
  enterprise: OwnEnterprise;
  task: TaskRow;
  filing: FilingRecord | undefined;
  edition: SurveyEdition;
  /** The display name of who wrote `filing` last, when it was read with the scope. */
  updatedByName?: string | null;
}

/** Loads a task of the actor's own enterprise with its filing; other tasks answer "not found". */
export async function loadTaskScope(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  action: OwnEnterpriseAction,
): Promise<FilingScope> {
  const { enterpriseId } = authorizeActor(actor, action);
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
    legal_representative: row.legal_representative,
    industry_code: row.industry_code,
    has_ai_business: row.has_ai_business,
  };
  authorize(actor, action, { id: enterprise.id, regionCode: enterprise.region_code });
  const task = taskOfScopeRow(row);
  const filing = filingOfScopeRow(row);
  // Approved 填报任务申请 matter only for an application task not yet filed; other requests skip the query.
  const approved =
    task && !filing && isApplicationTask(task)
      ? await listApprovedApplicationTaskIds(ctx.db, enterprise.id)
      : new Set<string>();
  if (!task || !isTaskOfEnterprise(task, row.obliged_task_id !== null, filing !== undefined, approved))
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

export function contextPeriods(
  periodType: PeriodType,
  period: string,
): { previous: string | null; lastYear: string } {
  const year = Number(period.slice(0, 4));
  if (periodType === 'year') return { previous: null, lastYear: String(year - 1) };
  const month = Number(period.slice(5, 7));
  const pad = (value: number) => String(value).padStart(2, '0');
  return { previous: month > 1 ? `${year}-${pad(month - 1)}` : null, lastYear: `${year - 1}-${pad(month)}` };
}

/**
 * What an audit of the scope's filing needs besides its values: the periods it compares with, and its rules (as
 * they stood at switch version `asOf`, to show a submission as it was audited; as they stand when omitted).
 */
export async function loadContext(ctx: AppContext, scope: FilingScope, asOf?: number) {
  const periods = contextPeriods(scope.task.period_type, scope.task.period);
  const [found, packages] = await Promise.all([
    findValuesOfPeriods(
      ctx.db,
      scope.enterprise.id,
      scope.task.period_type,
      periods.previous ? [periods.previous, periods.lastYear] : [periods.lastYear],
    ),
    listRuleSwitchPackages(ctx.db),
  ]);
  return {
    previousPeriod: periods.previous ? (found.get(periods.previous) ?? null) : null,
    samePeriodLastYear: found.get(periods.lastYear) ?? null,
    ruleSet: ruleSetOf(scope.task.edition_id, scope.task.period, packages, asOf),
  };
}

export function auditScopeValues(
  scope: FilingScope,
  values: FilingValues,
  context: Awaited<ReturnType<typeof loadContext>>,
) {
  return auditFiling(context.ruleSet.edition, {
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

export function stateOf(filing: FilingRecord | undefined, hasReviewerActed: boolean): FilingState {
  return filing
    ? { status: filing.status, pendingLevel: filing.pending_level, hasReviewerActed }
    : { status: 'not_started', pendingLevel: null, hasReviewerActed: false };
}

/** Whether a reviewer acted on the filing's current submission (then 取消上报 is no longer possible). */
export function hasReviewerActedSince(
  reviews: Awaited<ReturnType<typeof listReviewsOfFiling>>,
  filing: FilingRecord | undefined,
): boolean {
  const submittedAt = filing?.submitted_at;
  return submittedAt ? reviews.some((review) => review.created_at >= submittedAt) : false;
}

/**
 * The filing as loaded, if the client edited that very version. Every write below is conditional on the loaded
 * version and status, never on the client's: the client's version only tells a stale page, so a write cannot
 * land on a row whose state nobody checked (a 取消上报 claiming the version an approval was about to write).
 */
export function loadedFilingEditedBy(
  filing: FilingRecord | undefined,
  clientVersion: number | null,
): FilingRecord | undefined {
  if (filing ? clientVersion !== filing.version : clientVersion !== null) throw filingVersionConflict();
  return filing;
}

export async function versionConflictError(ctx: AppContext, scope: FilingScope): Promise<AppError> {
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

export function assertWindowOpen(scope: FilingScope, now: Date): void {
  const refusal = filingWindowRefusal(filingWindowOf(scope.task, scope.filing), now);
  if (refusal) throw new AppError('FILING_WINDOW_CLOSED', refusal);
}

export function assertValuesShape(scope: FilingScope, values: CellValues): FilingValues {
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

/** The filing a command writes: as loaded, or the task and enterprise of one not started (the step creates it). */
export function filingToWrite(
  scope: FilingScope,
  loaded: FilingRecord | undefined,
): LoadedFiling | UnstartedFiling {
  return loaded ?? { taskId: scope.task.id, enterpriseId: scope.enterprise.id };
}
