import type { DataQualityFindingList, DataQualityKind, DataQualityRunState } from '@zhibao/contracts';
import { httpClient } from './http-client';

export interface DataQualityFilter {
  taskId: string;
  kind?: DataQualityKind;
  search?: string;
}

export function fetchDataQualityRuns(taskId: string, signal?: AbortSignal): Promise<DataQualityRunState> {
  return httpClient.get('/api/admin/data-quality/runs', { query: { taskId }, signal });
}

/** 重新检查: queues a run of the task over the administrator's region (the ministry's: the nation). */
export function startDataQualityRun(taskId: string): Promise<DataQualityRunState> {
  return httpClient.post('/api/admin/data-quality/runs', { taskId });
}

export function fetchDataQualityFindings(
  query: DataQualityFilter & { page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<DataQualityFindingList> {
  return httpClient.get('/api/admin/data-quality/findings', { query: { ...query }, signal });
}

/** The export is a file download: a plain link carries the session cookie. */
export function dataQualityExportUrl(filter: DataQualityFilter): string {
  const params = new URLSearchParams({ taskId: filter.taskId });
  if (filter.kind) params.set('kind', filter.kind);
  if (filter.search) params.set('search', filter.search);
  return `/api/admin/data-quality/findings/export?${params.toString()}`;
}
