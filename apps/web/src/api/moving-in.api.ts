import type { MovingInOverview, MovingInRunDetail, MovingInRunView } from '@zhibao/contracts';
import { httpClient } from './http-client';
export type { MovingInOverview, MovingInRunDetail, MovingInRunView } from '@zhibao/contracts';

/** 原平台数据迁入: the export folders ready on the server and the latest runs. */
export function fetchMovingInOverview(signal?: AbortSignal): Promise<MovingInOverview> {
  return httpClient.get('/api/admin/moving-in', { signal });
}

export function startMovingIn(folder: string): Promise<MovingInRunView> {
  return httpClient.post('/api/admin/moving-in/runs', { folder });
}

export function fetchMovingInRun(runId: string, signal?: AbortSignal): Promise<MovingInRunDetail> {
  return httpClient.get(`/api/admin/moving-in/runs/${encodeURIComponent(runId)}`, { signal });
}
