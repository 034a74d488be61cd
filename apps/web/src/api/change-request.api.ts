import type {
  ChangeRequestsInRegion,
  ChangeRequestStatusFilter,
  ChangeRequestView,
  FilingChangeRequests,
  FilingHistory,
  RevisionComparison,
} from '@zhibao/contracts';
import { httpClient } from './http-client';
export type {
  CellComparison,
  ChangeRequestView as ChangeRequest,
  ChangeRequestStatusFilter,
  FilingHistory,
  HistoryEntry,
} from '@zhibao/contracts';

// ── 历史记录 and 版本对比: the same endpoints for the enterprise and its administrators ──────────────

export function fetchFilingHistory(
  filingId: string,
  paging: { page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<FilingHistory> {
  return httpClient.get<FilingHistory>(`/api/filings/${encodeURIComponent(filingId)}/history`, {
    query: paging,
    signal,
  });
}

export function compareRevisions(
  filingId: string,
  revisions: { from: number; to: number },
  signal?: AbortSignal,
): Promise<RevisionComparison> {
  return httpClient.get(`/api/filings/${encodeURIComponent(filingId)}/revisions/compare`, {
    query: revisions,
    signal,
  });
}

// ── 更正申请 ────────────────────────────────────────────────────────────────────────────────

export function fetchFilingChangeRequests(
  filingId: string,
  signal?: AbortSignal,
): Promise<FilingChangeRequests> {
  return httpClient.get(`/api/filings/${encodeURIComponent(filingId)}/change-requests`, { signal });
}

export function applyForChange(filingId: string, reason: string): Promise<ChangeRequestView> {
  return httpClient.post(`/api/enterprise/filings/${encodeURIComponent(filingId)}/change-requests`, {
    reason,
  });
}

export function fetchChangeRequests(
  status: ChangeRequestStatusFilter,
  signal?: AbortSignal,
): Promise<ChangeRequestsInRegion> {
  return httpClient.get('/api/admin/change-requests', { query: { status }, signal });
}

export function grantChangeRequest(id: string, note: string): Promise<ChangeRequestView> {
  return httpClient.post(`/api/admin/change-requests/${encodeURIComponent(id)}/grant`, {
    note: note.trim() || undefined,
  });
}

export function refuseChangeRequest(id: string, note: string): Promise<ChangeRequestView> {
  return httpClient.post(`/api/admin/change-requests/${encodeURIComponent(id)}/refuse`, {
    note: note.trim(),
  });
}

/** 打印回执: the latest submission with its receipt, as a PDF the browser opens to print. */
export function receiptUrl(filingId: string): string {
  return `/api/filings/${encodeURIComponent(filingId)}/receipt.pdf`;
}
