import type { ReviewChainLevelInput, ReviewChainView as ReviewChain } from '@zhibao/contracts';
import { httpClient } from './http-client';
export type {
  ReviewChainLevelInput,
  ReviewChainView as ReviewChain,
  ReviewChainLevelView as ReviewChainLevel,
} from '@zhibao/contracts';

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
