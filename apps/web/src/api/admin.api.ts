import type { AdminLevel } from './session.api';
import { httpClient } from './http-client';
import type {
  AdminOverview,
  CompletenessReport,
} from '../../../server/src/completeness/completeness.service.ts';
export type {
  TaskCompleteness as TaskProgress,
  AdminOverview,
  CompletenessCounts,
  CompletenessReport,
} from '../../../server/src/completeness/completeness.service.ts';
import type {
  DirectoryEntry as DirectoryEnterprise,
  EnterpriseDetail,
  ImportReport,
} from '../../../server/src/enterprise/enterprise.service.ts';
export type {
  DirectoryEntry as DirectoryEnterprise,
  EnterpriseDetail,
  ImportReport,
} from '../../../server/src/enterprise/enterprise.service.ts';
import type { AdminTaskView as AdminTask } from '../../../server/src/task/task.service.ts';
import type { TaskApplicationView as TaskApplication } from '../../../server/src/task-application/task-application.service.ts';
export type { TaskApplicationView as TaskApplication } from '../../../server/src/task-application/task-application.service.ts';
export type { AdminTaskView as AdminTask } from '../../../server/src/task/task.service.ts';
import type { ReviewQueueItem, ReviewFilingDetail } from '../../../server/src/review/review.service.ts';
import type {
  ExcusalReason,
  ExcusalView,
  RegionNotice,
  RegionPassUpList,
  RegionPassUpView,
} from '@zhibao/contracts';
export type {
  CompletenessFigures,
  ExcusalReason,
  ExcusalView,
  RegionNotice,
  RegionPassUpList,
  RegionPassUpView,
} from '@zhibao/contracts';
export type {
  ReviewQueueItem,
  ReviewCellView as ReviewCell,
  ReviewFilingDetail,
} from '../../../server/src/review/review.service.ts';

export interface Page<T> {
  items: T[];
  total: number;
}

export function fetchAdminOverview(signal?: AbortSignal): Promise<AdminOverview> {
  return httpClient.get<AdminOverview>('/api/admin/overview', { signal });
}

export function fetchDirectoryEnterprises(
  filter: { keyword?: string; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<Page<DirectoryEnterprise>> {
  return httpClient.get<Page<DirectoryEnterprise>>('/api/admin/enterprises', {
    query: { keyword: filter.keyword?.trim(), page: filter.page, pageSize: filter.pageSize },
    signal,
  });
}

// ── 调查任务 ──────────────────────────────────────────────────────────────

export type TaskAudience = 'by-period' | 'in-scope' | 'key-enterprises';

export function fetchAdminTasks(signal?: AbortSignal): Promise<{ items: AdminTask[] }> {
  return httpClient.get('/api/admin/tasks', { signal });
}

export function publishTask(input: {
  periodType: 'month' | 'year';
  period: string;
  audience: TaskAudience;
  scopeRegionCodes: string[];
  opensAt: string;
  closesAt: string;
  reviewDeadlines: Partial<Record<AdminLevel, string>>;
}): Promise<AdminTask> {
  return httpClient.post('/api/admin/tasks', input);
}

export function generateMonthlyTasks(input: {
  year: number;
  filingDay: number;
  audience: TaskAudience;
}): Promise<{ created: string[]; skipped: string[] }> {
  return httpClient.post('/api/admin/tasks/generate-monthly', input);
}

export function grantExtension(
  taskId: string,
  input: { enterpriseId: string; until: string; reason: string },
): Promise<{ filingId: string; until: string }> {
  return httpClient.post(`/api/admin/tasks/${encodeURIComponent(taskId)}/extensions`, input);
}

// ── 审核 ──────────────────────────────────────────────────────────────────

export interface ReviewQueueFilter {
  taskId?: string;
  keyword?: string;
  findings: 'all' | 'clean' | 'with-findings';
  orderBy: 'submitted-at' | 'influence';
}

export function fetchReviewQueue(
  filter: ReviewQueueFilter,
  signal?: AbortSignal,
): Promise<{ items: ReviewQueueItem[] }> {
  return httpClient.get('/api/admin/review/queue', { query: { ...filter }, signal });
}

export interface CellChange {
  formId: string;
  key: string;
  label: string;
  name: string;
  before: number | string | null;
  after: number | string | null;
}

export interface CellComment {
  formId: string;
  key: string;
  comment: string;
}

export interface ReviewResult {
  status: string;
  pendingLevel: AdminLevel | null;
  statusLabel: string;
}

export function fetchReviewFiling(filingId: string, signal?: AbortSignal): Promise<ReviewFilingDetail> {
  return httpClient.get(`/api/admin/review/filings/${encodeURIComponent(filingId)}`, { signal });
}

export function approveFiling(
  filingId: string,
  input: { comment?: string; explanationVerdicts: Record<string, 'accepted' | 'rejected'> },
): Promise<ReviewResult> {
  return httpClient.post(`/api/admin/review/filings/${encodeURIComponent(filingId)}/approve`, input);
}

export function returnFiling(
  filingId: string,
  input: {
    reason: string;
    cellComments: CellComment[];
    explanationVerdicts: Record<string, 'accepted' | 'rejected'>;
  },
): Promise<ReviewResult> {
  return httpClient.post(`/api/admin/review/filings/${encodeURIComponent(filingId)}/return`, input);
}

export function approveCleanFilings(filingIds: string[]): Promise<{
  approved: string[];
  skipped: Array<{ filingId: string; enterpriseName: string | null; reason: string }>;
}> {
  return httpClient.post('/api/admin/review/bulk-approve', { filingIds });
}

/** 上报情况 of a task: the region's own pass-up and its direct children's; regionCode drills into a child. */
export function fetchRegionSubmissions(
  query: { taskId: string; regionCode?: string },
  signal?: AbortSignal,
): Promise<RegionPassUpList> {
  return httpClient.get('/api/admin/review/region-submissions', { query, signal });
}

/** 上报至上级 of the administrator's region, or of a region below whose review they took over. */
export function submitRegion(taskId: string, regionCode?: string): Promise<RegionPassUpView> {
  return httpClient.post('/api/admin/review/region-submissions', { taskId, regionCode });
}

/** 退回地区: returns a direct child's pass-up; its filings' approvals stand. */
export function returnRegion(submissionId: string, reason: string): Promise<RegionPassUpView> {
  return httpClient.post(`/api/admin/review/region-submissions/${encodeURIComponent(submissionId)}/return`, {
    reason,
  });
}

/** 免报 of one obligation, with its reason. */
export function excuseObligation(input: {
  taskId: string;
  enterpriseId: string;
  reason: ExcusalReason;
  note?: string;
}): Promise<ExcusalView> {
  return httpClient.post('/api/admin/review/excusals', input);
}

/** 代为审核 of a region below. */
export function takeOverRegion(taskId: string, regionCode: string): Promise<RegionPassUpView> {
  return httpClient.post('/api/admin/review/takeovers', { taskId, regionCode });
}

/** 提醒 a region's administrators of the task's review and pass-up. */
export function remindRegion(taskId: string, regionCode: string): Promise<{ activeAdmins: number }> {
  return httpClient.post('/api/admin/review/region-reminders', { taskId, regionCode });
}

export function fetchRegionNotices(signal?: AbortSignal): Promise<{ items: RegionNotice[] }> {
  return httpClient.get('/api/admin/region-notices', { signal });
}

// ── 催报 ──────────────────────────────────────────────────────────────────

export function fetchCompleteness(
  query: { taskId: string; regionCode?: string },
  signal?: AbortSignal,
): Promise<CompletenessReport> {
  return httpClient.get('/api/admin/completeness', { query, signal });
}

export function sendReminders(input: {
  taskId: string;
  enterpriseIds?: string[];
}): Promise<{ notified: number; sms: { queued: number } }> {
  return httpClient.post('/api/admin/completeness/reminders', input);
}

// ── 汇总 ──────────────────────────────────────────────────────────────────

// The report's shape is the server's own type, so the two cannot drift apart (a type-only import: no server
// code reaches the browser bundle).
import type { AggregationReport } from '../../../server/src/aggregation/aggregation.service.ts';
export type {
  AggregateRow,
  AggregationReport,
  IndicatorTotal,
} from '../../../server/src/aggregation/aggregation.service.ts';

export interface AggregationQuery {
  taskId: string;
  regionCode?: string;
  includeSubmitted: boolean;
}

export function fetchAggregation(query: AggregationQuery, signal?: AbortSignal): Promise<AggregationReport> {
  return httpClient.get('/api/admin/aggregation', { query: { ...query }, signal });
}

/** The export is a file download: a plain link carries the session cookie. */
export function aggregationExportUrl(query: AggregationQuery): string {
  const params = new URLSearchParams({
    taskId: query.taskId,
    includeSubmitted: String(query.includeSubmitted),
  });
  if (query.regionCode) params.set('regionCode', query.regionCode);
  return `/api/admin/aggregation/export?${params.toString()}`;
}

/** 明细导出: one row per filed filing of the task in the region, streamed by the server. */
export function taskFilingsExportUrl(query: Pick<AggregationQuery, 'taskId' | 'regionCode'>): string {
  const search = query.regionCode
    ? `?${new URLSearchParams({ regionCode: query.regionCode }).toString()}`
    : '';
  return `/api/admin/tasks/${encodeURIComponent(query.taskId)}/filings/export.xlsx${search}`;
}

// ── 名录维护 ──────────────────────────────────────────────────────────────

export interface EnterpriseForm {
  uscc: string;
  name: string;
  regionCode: string;
  legalRepresentative: string;
  industryCode: string;
  mainRevenue: number | null;
  softwareRevenue: number | null;
  icDesignRevenue: number | null;
  isSpecialActivity: boolean;
  sizeCode: '1' | '2' | '3' | '4' | null;
  isKeyEnterprise: boolean;
  hasAiBusiness: boolean;
  scopeOverride: boolean | null;
  scopeOverrideReason: string | null;
}

export function fetchEnterprise(enterpriseId: string, signal?: AbortSignal): Promise<EnterpriseDetail> {
  return httpClient.get(`/api/admin/enterprises/${encodeURIComponent(enterpriseId)}`, { signal });
}

export function createEnterprise(input: EnterpriseForm): Promise<EnterpriseDetail> {
  return httpClient.post('/api/admin/enterprises', input);
}

export function updateEnterprise(enterpriseId: string, input: EnterpriseForm): Promise<EnterpriseDetail> {
  return httpClient.put(`/api/admin/enterprises/${encodeURIComponent(enterpriseId)}`, input);
}

export function importDirectory(input: { fileName: string; contentBase64: string }): Promise<ImportReport> {
  return httpClient.post('/api/admin/enterprises/import', input);
}

export const directoryTemplateUrl = '/api/admin/enterprises/import-template';

// ── 任务申请审批 ──────────────────────────────────────────────────────────

export function fetchTaskApplications(
  status: 'pending' | 'approved' | 'refused',
  signal?: AbortSignal,
): Promise<{ items: TaskApplication[] }> {
  return httpClient.get('/api/admin/task-applications', { query: { status }, signal });
}

export function approveTaskApplication(applicationId: string): Promise<TaskApplication> {
  return httpClient.post(`/api/admin/task-applications/${encodeURIComponent(applicationId)}/approve`, {});
}

export function refuseTaskApplication(applicationId: string, reason: string): Promise<TaskApplication> {
  return httpClient.post(`/api/admin/task-applications/${encodeURIComponent(applicationId)}/refuse`, {
    reason,
  });
}
