import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { provinceParams, updateReviewChainBody } from '@zhibao/contracts';
import { getReviewChain, listReviewChains, updateReviewChain } from './review-chain.service.ts';

export function reviewChainRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/review-chains', { config: { policy: 'review-chain.list' } }, async (request) =>
    listReviewChains(ctx, actorOf(request)),
  );
  app.get(
    '/api/admin/review-chains/:provinceCode',
    { config: { policy: 'review-chain.read' } },
    async (request) =>
      getReviewChain(ctx, actorOf(request), provinceParams.parse(request.params).provinceCode),
  );
  app.put(
    '/api/admin/review-chains/:provinceCode',
    { config: { policy: 'review-chain.update' } },
    async (request) =>
      updateReviewChain(
        ctx,
        actorOf(request),
        provinceParams.parse(request.params).provinceCode,
        updateReviewChainBody.parse(request.body),
        request.id,
      ),
  );
}
