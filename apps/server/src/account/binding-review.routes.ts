import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import {
  decideBindingAsAdministrator,
  getBindingReview,
  listBindingReviewQueue,
  openBindingDocumentAsAdministrator,
} from './binding-review.service.ts';
import { sendDocument } from './binding.routes.ts';
import {
  bindingDecisionBody,
  bindingDocumentParams,
  bindingQueueQuery,
  bindingRequestParams,
} from '@zhibao/contracts';

/** 实名认证 / 绑定审核: the administrators' queue of binding requests in their region. */
export function bindingReviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/binding-requests', { config: { policy: 'binding.review-queue' } }, async (request) => ({
    items: await listBindingReviewQueue(ctx, actorOf(request), bindingQueueQuery.parse(request.query)),
  }));

  app.get(
    '/api/admin/binding-requests/:requestId',
    { config: { policy: 'binding.review' } },
    async (request) => {
      const { requestId } = bindingRequestParams.parse(request.params);
      return getBindingReview(ctx, actorOf(request), requestId);
    },
  );

  app.post(
    '/api/admin/binding-requests/:requestId/decision',
    { config: { policy: 'binding.review' } },
    async (request) => {
      const { requestId } = bindingRequestParams.parse(request.params);
      const body = bindingDecisionBody.parse(request.body);
      return decideBindingAsAdministrator(ctx, actorOf(request), requestId, body, requestMetaOf(request));
    },
  );

  app.get(
    '/api/admin/binding-requests/:requestId/documents/:documentId',
    { config: { policy: 'binding.review' } },
    async (request, reply) => {
      const { requestId, documentId } = bindingDocumentParams.parse(request.params);
      return sendDocument(
        reply,
        await openBindingDocumentAsAdministrator(ctx, actorOf(request), requestId, documentId),
      );
    },
  );
}
