import type {
  ExcusalReason,
  ExcusalView,
  RegionNotice,
  RegionPassUpList,
  RegionPassUpView,
  AdminLevel,
  AdminOverview,
  AdminTaskView as AdminTask,
  AggregationAnalysis,
  AggregationReport,
  BulkApproval,
  CellComment,
  CompletenessQuery,
  CompletenessReport,
  DecidedFiling,
  DirectoryDivisions,
  DirectoryEntry as DirectoryEnterprise,
  DirectoryImportPreview,
  DirectoryImportResult,
  JoinableTasks,
  ScopeSettings,
  EnterpriseDetail,
  EnterpriseInput,
  ExplanationVerdict,
  GeneratedTasks,
  GrantedExtension,
  GrantedRegionExtension,
  Page,
  ReviewFilingDetail,
  ReviewQueue,
  ReviewQueueQuery as ReviewQueueFilter,
  StopThresholdView,
  AggregationBasis,
  TaskApplicationStatus,
  TaskApplicationView as TaskApplication,
  TaskAudience,
  PublicationQuery,
  PublicationReport,
} from '@zhibao/contracts';
import { httpClient } from './http-client';
export type {
  PublicationQuery,
  PublicationReport,
  PublicationRow,
  SuppressionReasonCode,
  CompletenessFigures,
  ExcusalReason,
  ExcusalView,
  RegionNotice,
  RegionPassUpList,
  RegionPassUpView,
  AdminOverview,
  AdminTaskView as AdminTask,
  AggregateRow,
  AggregationAnalysis,
  AggregationReport,
  RankedEnterprise,
  RankedRegion,
  CellChange,
  CellComment,
  CompletenessCounts,
  CompletenessQuery,
  CompletenessReport,
  DecidedFiling as ReviewResult,
  DirectoryEntry as DirectoryEnterprise,
  EnterpriseDetail,
  DirectoryDivisions,
  DirectoryImportPreview,
  DirectoryImportResult,
  DirectoryPreviewRow,
  IndicatorTotal,
  JoinableTasks,
  Page,
  ScopeSettings,
  ReviewCellView as ReviewCell,
  ReviewFilingDetail,
  ReviewQueueItem,
  ReviewQueueQuery as ReviewQueueFilter,
  ReviewProgress,
  EstimationMethodCode,
  TaskApplicationView as TaskApplication,
  TaskAudience,
  TaskCompleteness as TaskProgress,
} from '@zhibao/contracts';

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
}): Promise<GeneratedTasks> {
  return httpClient.post('/api/admin/tasks/generate-monthly', input);
}

export function grantExtension(
  taskId: string,
  input: { enterpriseId: string; until: string; reason: string },
): Promise<GrantedExtension> {
  return httpClient.post(`/api/admin/tasks/${encodeURIComponent(taskId)}/extensions`, input);
}

/** 地区延期: every enterprise of the region still to file the task. */
export function grantRegionExtension(
  taskId: string,
  input: { regionCode: string; until: string; reason: string },
): Promise<GrantedRegionExtension> {
  return httpClient.post(`/api/admin/tasks/${encodeURIComponent(taskId)}/region-extensions`, input);
}

// ── 审核 ──────────────────────────────────────────────────────────────────

export function fetchReviewQueue(filter: ReviewQueueFilter, signal?: AbortSignal): Promise<ReviewQueue> {
  return httpClient.get('/api/admin/review/queue', { query: { ...filter }, signal });
}

/** 停审阈值 of a region (the administrator's own by default). */
export function saveStopThreshold(input: {
  regionCode?: string;
  stopThreshold: number;
}): Promise<StopThresholdView> {
  return httpClient.put('/api/admin/review/stop-threshold', input);
}

export function fetchReviewFiling(filingId: string, signal?: AbortSignal): Promise<ReviewFilingDetail> {
  return httpClient.get(`/api/admin/review/filings/${encodeURIComponent(filingId)}`, { signal });
}

export function approveFiling(
  filingId: string,
  input: { comment?: string; explanationVerdicts: Record<string, ExplanationVerdict> },
): Promise<DecidedFiling> {
  return httpClient.post(`/api/admin/review/filings/${encodeURIComponent(filingId)}/approve`, input);
}

export function returnFiling(
  filingId: string,
  input: {
    reason: string;
    cellComments: CellComment[];
    explanationVerdicts: Record<string, ExplanationVerdict>;
  },
): Promise<DecidedFiling> {
  return httpClient.post(`/api/admin/review/filings/${encodeURIComponent(filingId)}/return`, input);
}

export function approveCleanFilings(filingIds: string[]): Promise<BulkApproval> {
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

/** 催报 of a task in a region: its counts, and one page of its enterprises as filtered and sorted by the server. */
export function fetchCompleteness(
  query: CompletenessQuery,
  signal?: AbortSignal,
): Promise<CompletenessReport> {
  return httpClient.get('/api/admin/completeness', { query: { ...query }, signal });
}

// ── 汇总 ──────────────────────────────────────────────────────────────────

export interface AggregationQuery {
  taskId: string;
  regionCode?: string;
  includeSubmitted: boolean;
  basis: AggregationBasis;
}

export function fetchAggregation(query: AggregationQuery, signal?: AbortSignal): Promise<AggregationReport> {
  return httpClient.get('/api/admin/aggregation', { query: { ...query }, signal });
}

/** 分析: coverage, rankings and 环比 of the task in the region. */
export function fetchAggregationAnalysis(
  query: Pick<AggregationQuery, 'taskId' | 'regionCode' | 'includeSubmitted'>,
  signal?: AbortSignal,
): Promise<AggregationAnalysis> {
  return httpClient.get('/api/admin/aggregation/analysis', { query: { ...query }, signal });
}

/** The export is a file download: a plain link carries the session cookie. */
export function aggregationExportUrl(query: AggregationQuery): string {
  const params = new URLSearchParams({
    taskId: query.taskId,
    includeSubmitted: String(query.includeSubmitted),
    basis: query.basis,
  });
  if (query.regionCode) params.set('regionCode', query.regionCode);
  return `/api/admin/aggregation/export?${params.toString()}`;
}

/** The official 汇总表 (the survey's fixed layout) as .xlsx or as a printable PDF. */
export function officialSummaryUrl(query: AggregationQuery, format: 'xlsx' | 'pdf' = 'xlsx'): string {
  const url = aggregationExportUrl(query).replace('/aggregation/export?', '/aggregation/summary-table?');
  return format === 'pdf' ? `${url}&format=pdf` : url;
}

/** 地区简报: the one-page briefing (key figures, coverage, rankings, a chart) as a PDF. */
export function regionBriefingUrl(query: AggregationQuery): string {
  return aggregationExportUrl(query).replace('/aggregation/export?', '/aggregation/briefing?');
}

/** The 汇总表 a region sent with its pass-up, as sent. */
export function passUpSummaryTableUrl(submissionId: string, format: 'xlsx' | 'pdf'): string {
  return `/api/admin/review/region-submissions/${encodeURIComponent(submissionId)}/summary-table?format=${format}`;
}

/** 对外发布: the region × industry table with every cell's disclosure status (administrators only). */
export function fetchPublication(query: PublicationQuery, signal?: AbortSignal): Promise<PublicationReport> {
  return httpClient.get('/api/admin/publication', { query: { ...query }, signal });
}

/** The published file, suppressed cells written as ×. */
export function publicationExportUrl(query: PublicationQuery, format: 'xlsx' | 'csv'): string {
  const params = new URLSearchParams({ taskId: query.taskId, format });
  if (query.regionCode) params.set('regionCode', query.regionCode);
  return `/api/admin/publication/export?${params.toString()}`;
}

/** 明细导出: one row per filed filing of the task in the region, streamed by the server. */
export function taskFilingsExportUrl(query: Pick<AggregationQuery, 'taskId' | 'regionCode'>): string {
  const search = query.regionCode
    ? `?${new URLSearchParams({ regionCode: query.regionCode }).toString()}`
    : '';
  return `/api/admin/tasks/${encodeURIComponent(query.taskId)}/filings/export.xlsx${search}`;
}

// ── 名录维护 ──────────────────────────────────────────────────────────────

/** The 名录 editor's values: what the server's schema makes of a request. */
export type EnterpriseForm = EnterpriseInput;

export function fetchEnterprise(enterpriseId: string, signal?: AbortSignal): Promise<EnterpriseDetail> {
  return httpClient.get(`/api/admin/enterprises/${encodeURIComponent(enterpriseId)}`, { signal });
}

export function createEnterprise(input: EnterpriseForm): Promise<EnterpriseDetail> {
  return httpClient.post('/api/admin/enterprises', input);
}

export function updateEnterprise(enterpriseId: string, input: EnterpriseForm): Promise<EnterpriseDetail> {
  return httpClient.put(`/api/admin/enterprises/${encodeURIComponent(enterpriseId)}`, input);
}

/** 名录导入, step one: the preview of every row; nothing changes yet. */
export function previewDirectoryImport(input: {
  fileName: string;
  contentBase64: string;
}): Promise<DirectoryImportPreview> {
  return httpClient.post('/api/admin/enterprises/import', input);
}

/** 名录导入, step two: applies the preview as shown (or is refused when the directory changed meanwhile). */
export function confirmDirectoryImport(
  previewId: string,
  input: { joinOpenTasks: boolean },
): Promise<DirectoryImportResult> {
  return httpClient.post(`/api/admin/enterprises/import/${encodeURIComponent(previewId)}/confirm`, input);
}

export function fetchDivisions(signal?: AbortSignal): Promise<DirectoryDivisions> {
  return httpClient.get('/api/admin/enterprises/divisions', { signal });
}

export function fetchJoinableTasks(enterpriseId: string, signal?: AbortSignal): Promise<JoinableTasks> {
  return httpClient.get(`/api/admin/enterprises/${encodeURIComponent(enterpriseId)}/joinable-tasks`, {
    signal,
  });
}

/** 加入本期应报: the administrator's decision that the enterprise files the open tasks it was listed too late for. */
export function joinOpenTasks(enterpriseId: string): Promise<JoinableTasks> {
  return httpClient.post(`/api/admin/enterprises/${encodeURIComponent(enterpriseId)}/join-open-tasks`, {});
}

export function fetchScopeSettings(signal?: AbortSignal): Promise<ScopeSettings> {
  return httpClient.get('/api/admin/enterprises/scope-settings', { signal });
}

export function saveScopeSettings(scopeThresholdsId: string): Promise<ScopeSettings> {
  return httpClient.put('/api/admin/enterprises/scope-settings', { scopeThresholdsId });
}

export const directoryTemplateUrl = '/api/admin/enterprises/import-template';

// ── 任务申请审批 ──────────────────────────────────────────────────────────

export function fetchTaskApplications(
  status: TaskApplicationStatus,
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
