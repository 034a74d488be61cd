import type { PassUpImportSummary, ReceivedPassUpItem } from '@zhibao/contracts';
import { httpClient } from './http-client';

export type { PassUpImportSummary, ReceivedPassUpItem } from '@zhibao/contracts';

/** 已接收的上报包 of the administrator's region and the regions inside it, the latest first. */
export function fetchReceivedPassUps(signal?: AbortSignal): Promise<{ items: ReceivedPassUpItem[] }> {
  return httpClient.get<{ items: ReceivedPassUpItem[] }>('/api/admin/exchange/received', { signal });
}

/** 导入上报包: the signed package as the sending instance exported it (its JSON, sent as is). */
export function importPassUpPackage(pkg: unknown): Promise<PassUpImportSummary> {
  return httpClient.post<PassUpImportSummary>('/api/admin/exchange/received', pkg);
}

/** The 汇总表 a received package carried, as .xlsx or PDF. */
export function receivedSummaryTableUrl(receivedId: string, format: 'xlsx' | 'pdf'): string {
  return `/api/admin/exchange/received/${encodeURIComponent(receivedId)}/summary-table?format=${format}`;
}
