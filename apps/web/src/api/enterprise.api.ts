import type { AdminLevel } from './session.api';
import { httpClient } from './http-client';

export type PeriodType = 'month' | 'year';
export type FilingStatus = 'not_started' | 'draft' | 'submitted' | 'returned' | 'approved';

export const filingStatuses: readonly FilingStatus[] = [
  'not_started',
  'draft',
  'submitted',
  'returned',
  'approved',
];

export interface EnterpriseTask {
  taskId: string;
  taskName: string;
  periodType: PeriodType;
  period: string;
  periodLabel: string;
  opensAt: string;
  closesAt: string;
  filingId: string | null;
  status: FilingStatus;
  /** For a submitted filing: the level now reviewing it. */
  pendingLevel: AdminLevel | null;
  submittedAt: string | null;
}

export interface SubmittedFiling {
  filingId: string;
  reportName: string;
  period: string;
  periodLabel: string;
  submittedAt: string | null;
}

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
