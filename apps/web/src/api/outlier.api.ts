import type { DecidedFiling, FilingProvenance, OutlierList, VerificationQueryInput } from '@zhibao/contracts';
import { httpClient } from './http-client';

const filingUrl = (filingId: string) => `/api/admin/review/filings/${encodeURIComponent(filingId)}`;

export function fetchFilingOutliers(filingId: string, signal?: AbortSignal): Promise<OutlierList> {
  return httpClient.get(`${filingUrl(filingId)}/outliers`, { signal });
}

export function fetchFilingProvenance(filingId: string, signal?: AbortSignal): Promise<FilingProvenance> {
  return httpClient.get(`${filingUrl(filingId)}/provenance`, { signal });
}

export function sendVerificationQuery(
  filingId: string,
  input: VerificationQueryInput,
): Promise<DecidedFiling> {
  return httpClient.post(`${filingUrl(filingId)}/verification-queries`, input);
}
