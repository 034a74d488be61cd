import type {
  ApplicableTask,
  EnterpriseTask,
  FiledReport as SubmittedFiling,
  FilingStatusOrNotStarted as FilingStatus,
  FilingView,
  ImportedTemplate,
  SavedDraft,
  TrendPoint,
} from '@zhibao/contracts';
import type { FilingValues } from '@zhibao/survey';
import { httpClient } from './http-client';
export type {
  ApplicableTask,
  ApplicationStatus,
  CellComment,
  EnterpriseTask,
  FiledReport as SubmittedFiling,
  FilingStatusOrNotStarted as FilingStatus,
  FilingView,
  PeriodType,
  SavedDraft,
  TrendPoint,
} from '@zhibao/contracts';

export const filingStatuses: readonly FilingStatus[] = [
  'not_started',
  'draft',
  'submitted',
  'returned',
  'approved',
];

export async function fetchEnterpriseTasks(signal?: AbortSignal): Promise<EnterpriseTask[]> {
  const answer = await httpClient.get<{ items: EnterpriseTask[] }>('/api/enterprise/tasks', { signal });
  return answer.items;
}

export async function fetchEnterpriseFilings(
  filter: { period?: string; keyword?: string },
  signal?: AbortSignal,
): Promise<SubmittedFiling[]> {
  const answer = await httpClient.get<{ items: SubmittedFiling[] }>('/api/enterprise/filings', {
    query: { period: filter.period, keyword: filter.keyword?.trim() },
    signal,
  });
  return answer.items;
}

const taskFilingUrl = (taskId: string) => `/api/enterprise/tasks/${encodeURIComponent(taskId)}/filing`;

export function fetchTaskFiling(taskId: string, signal?: AbortSignal): Promise<FilingView> {
  return httpClient.get<FilingView>(taskFilingUrl(taskId), { signal });
}

export function fetchFiledReport(filingId: string, signal?: AbortSignal): Promise<FilingView> {
  return httpClient.get<FilingView>(`/api/enterprise/filings/${encodeURIComponent(filingId)}`, { signal });
}

export function saveFilingDraft(taskId: string, body: { version: number | null; values: FilingValues }) {
  return httpClient.put<SavedDraft>(taskFilingUrl(taskId), body);
}

export function submitFiling(
  taskId: string,
  body: { version: number | null; values: FilingValues; explanations: Record<string, string> },
) {
  return httpClient.post<FilingView>(`${taskFilingUrl(taskId)}/submit`, body);
}

export function cancelFilingSubmission(taskId: string, version: number | null) {
  return httpClient.post<FilingView>(`${taskFilingUrl(taskId)}/cancel-submission`, { version });
}

export function importFilingTemplate(taskId: string, body: { fileName: string; contentBase64: string }) {
  return httpClient.post<ImportedTemplate>(`${taskFilingUrl(taskId)}/import`, body);
}

/** Download links: plain GETs the browser saves as files (the session cookie authenticates them). */
export const downloadUrls = {
  filing: (filingId: string) => `/api/enterprise/filings/${encodeURIComponent(filingId)}/export.xlsx`,
  batch: (filter: { ids?: string[]; period?: string; keyword?: string }) => {
    const params = new URLSearchParams();
    if (filter.ids?.length) params.set('ids', filter.ids.join(','));
    if (filter.period) params.set('period', filter.period);
    if (filter.keyword) params.set('keyword', filter.keyword);
    const search = params.toString();
    return `/api/enterprise/filings/export.xlsx${search ? `?${search}` : ''}`;
  },
  template: (taskId: string) => `/api/enterprise/tasks/${encodeURIComponent(taskId)}/template.xlsx`,
};

export async function fetchApplicableTasks(keyword: string, signal?: AbortSignal): Promise<ApplicableTask[]> {
  const answer = await httpClient.get<{ items: ApplicableTask[] }>('/api/enterprise/task-applications', {
    query: { keyword: keyword.trim() },
    signal,
  });
  return answer.items;
}

export function applyForTask(taskId: string): Promise<ApplicableTask> {
  return httpClient.post<ApplicableTask>('/api/enterprise/task-applications', { taskId });
}

export async function fetchFilingTrend(signal?: AbortSignal): Promise<TrendPoint[]> {
  const answer = await httpClient.get<{ items: TrendPoint[] }>('/api/enterprise/filing-trend', { signal });
  return answer.items;
}
