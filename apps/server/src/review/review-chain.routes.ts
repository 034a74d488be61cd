import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { provinceParams, updateReviewChainBody } from '@zhibao/contracts';
import { getReviewChain, listReviewChains, updateReviewChain } from './review-chain.service.ts';

export function reviewChainRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/review-chains', async (request) => listReviewChains(ctx, actorOf(request)));
  app.get('/api/admin/review-chains/:provinceCode', async (request) =>
    getReviewChain(ctx, actorOf(request), provinceParams.parse(request.params).provinceCode),
  );
  app.put('/api/admin/review-chains/:provinceCode', async (request) =>
    updateReviewChain(
      ctx,
      actorOf(request),
      provinceParams.parse(request.params).provinceCode,
      updateReviewChainBody.parse(request.body),
      request.id,
    ),
  );
}
