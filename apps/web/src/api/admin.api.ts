import type { AdminLevel } from './session.api';
import { httpClient } from './http-client';

export interface TaskProgress {
  taskId: string;
  taskName: string;
  periodLabel: string;
  closesAt: string;
  expected: number;
  submitted: number;
  approved: number;
  returned: number;
  notSubmitted: number;
  overdue: number;
}

export interface AdminOverview {
  region: { code: string; name: string };
  adminLevel: AdminLevel;
  enterpriseCount: number;
  tasks: TaskProgress[];
}

export interface DirectoryEnterprise {
  id: string;
  uscc: string;
  name: string;
  regionCode: string;
  regionName: string;
  industryCode: string;
  sizeCode: string | null;
  isInScope: boolean;
  isScopeOverridden: boolean;
  isKeyEnterprise: boolean;
}

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

export interface AdminTask {
  id: string;
  name: string;
  editionId: string;
  periodType: 'month' | 'year';
  period: string;
  periodLabel: string;
  ownerRegionCode: string;
  ownerRegionName: string;
  audience: TaskAudience;
  scopeRegionCodes: string[];
  opensAt: string;
  closesAt: string;
  reviewDeadlines: Partial<Record<AdminLevel, string>>;
  isOwn: boolean;
  /** Reports of the region submitted at least once. */
  submittedCount: number;
}

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
  headlineValue: number | null;
  influence: number;
  integritySignals: string[];
}

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

export interface ReviewCell {
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
  status: string;
  statusLabel: string;
  pendingLevel: AdminLevel | null;
  submittedAt: string | null;
  chain: Array<{ level: AdminLevel; label: string; delegatedTo: string | null }>;
  canReview: boolean;
  forms: Array<{ formId: string; cells: ReviewCell[] }>;
  findings: Array<{
    ruleId: string;
    severity: 'error' | 'warning' | 'hint';
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

export interface RegionSubmission {
  id: string;
  regionCode: string;
  regionName: string;
  level: AdminLevel;
  status: 'submitted' | 'returned';
  submittedAt: string;
  submittedBy: string;
  returnReason: string | null;
}

export function fetchRegionSubmissions(
  taskId: string,
  signal?: AbortSignal,
): Promise<{ own: RegionSubmission | null; lower: RegionSubmission[]; waitingHere: number }> {
  return httpClient.get('/api/admin/review/region-submissions', { query: { taskId }, signal });
}

export function submitRegion(taskId: string): Promise<RegionSubmission> {
  return httpClient.post('/api/admin/review/region-submissions', { taskId });
}

export function returnRegion(submissionId: string, reason: string): Promise<{ returnedFilings: number }> {
  return httpClient.post(`/api/admin/review/region-submissions/${encodeURIComponent(submissionId)}/return`, {
    reason,
  });
}

// ── 催报 ──────────────────────────────────────────────────────────────────

export interface CompletenessCounts {
  expected: number;
  submitted: number;
  approved: number;
  returned: number;
  notSubmitted: number;
  overdue: number;
  onTimeRate: number | null;
}

export interface CompletenessReport {
  task: { id: string; name: string; periodLabel: string; closesAt: string };
  region: { code: string; name: string; level: string };
  totals: CompletenessCounts;
  children: Array<CompletenessCounts & { regionCode: string; regionName: string }>;
  enterprises: Array<{
    enterpriseId: string;
    name: string;
    uscc: string;
    regionName: string;
    filingId: string | null;
    status: string;
    statusLabel: string;
    submittedAt: string | null;
    deadline: string;
    isExtended: boolean;
    isOverdue: boolean;
  }>;
}

export function fetchCompleteness(
  query: { taskId: string; regionCode?: string },
  signal?: AbortSignal,
): Promise<CompletenessReport> {
  return httpClient.get('/api/admin/completeness', { query, signal });
}

export function sendReminders(input: {
  taskId: string;
  enterpriseIds?: string[];
}): Promise<{ notified: number; sms: { sent: number; failed: number } }> {
  return httpClient.post('/api/admin/completeness/reminders', input);
}

// ── 汇总 ──────────────────────────────────────────────────────────────────

export interface IndicatorTotal {
  id: string;
  formId: string;
  key: string;
  label: string;
  name: string;
  unit: string | null;
  total: number | null;
  lastYear: number | null;
  growth: number | null;
  sameSetTotal: number | null;
  sameSetLastYear: number | null;
  sameSetGrowth: number | null;
}

export interface AggregateRow {
  key: string;
  label: string;
  filingCount: number;
  values: Record<string, number | null>;
}

export interface AggregationReport {
  task: { id: string; name: string; periodLabel: string; periodType: 'month' | 'year' };
  region: { code: string; name: string; level: string };
  includeSubmitted: boolean;
  comparisonPeriodLabel: string | null;
  filingCount: number;
  lastYearFilingCount: number;
  sameSetCount: number;
  headlineIds: string[];
  indicators: IndicatorTotal[];
  children: AggregateRow[];
  enterprises: AggregateRow[];
  byIndustry: AggregateRow[];
  bySize: AggregateRow[];
  byKeyEnterprise: AggregateRow[];
  trend: Array<{
    period: string;
    periodLabel: string;
    filingCount: number;
    values: Record<string, number | null>;
  }>;
}

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

export interface EnterpriseDetail extends EnterpriseForm {
  id: string;
  regionName: string;
  isInScope: boolean;
  computedScope: { isInScope: boolean; reason: string };
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

export interface ImportReport {
  total: number;
  created: number;
  updated: number;
  rejected: Array<{ row: number; uscc: string; name: string; reasons: string[] }>;
}

export function importDirectory(input: { fileName: string; contentBase64: string }): Promise<ImportReport> {
  return httpClient.post('/api/admin/enterprises/import', input);
}

export const directoryTemplateUrl = '/api/admin/enterprises/import-template';
