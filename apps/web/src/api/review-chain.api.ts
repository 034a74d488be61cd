import { httpClient } from './http-client';
import type { AdminLevel } from './session.api';
import type { ReviewChainView as ReviewChain } from '../../../server/src/review/review-chain.service.ts';
export type {
  ReviewChainView as ReviewChain,
  ReviewChainLevelView as ReviewChainLevel,
} from '../../../server/src/review/review-chain.service.ts';

export interface ReviewChainLevelInput {
  level: AdminLevel;
  isEnabled: boolean;
  delegatedTo: string | null;
  reviewDays: number;
}

/** 审核层级设置: every province for the ministry, the administrator's own province for the others. */
export function fetchReviewChains(signal?: AbortSignal): Promise<{ items: ReviewChain[] }> {
  return httpClient.get('/api/admin/review-chains', { signal });
}

export function updateReviewChain(
  provinceCode: string,
  levels: ReviewChainLevelInput[],
): Promise<ReviewChain> {
  return httpClient.put(`/api/admin/review-chains/${encodeURIComponent(provinceCode)}`, { levels });
}
