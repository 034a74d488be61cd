import type { PassUpImportSummary } from '@zhibao/contracts';
import { httpClient } from './http-client';

export type { PassUpImportSummary } from '@zhibao/contracts';

/** 导入上报包: the signed package as the sending instance exported it (its JSON, sent as is). */
export function importPassUpPackage(pkg: unknown): Promise<PassUpImportSummary> {
  return httpClient.post<PassUpImportSummary>('/api/admin/exchange/received', pkg);
}

/** The 汇总表 a received package carried, as .xlsx or PDF. */
export function receivedSummaryTableUrl(receivedId: string, format: 'xlsx' | 'pdf'): string {
  return `/api/admin/exchange/received/${encodeURIComponent(receivedId)}/summary-table?format=${format}`;
}
