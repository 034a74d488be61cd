import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import {
  applyForChangeBody,
  changeRequestListQuery,
  changeRequestParams,
  filingParams,
  grantChangeBody,
  refuseChangeBody,
} from '@zhibao/contracts';
import {
  applyForChange,
  grantChangeRequest,
  listChangeRequests,
  listFilingChangeRequests,
  refuseChangeRequest,
} from './change-request.service.ts';

export function changeRequestRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/filings/:filingId/change-requests', { config: { policy: 'filing.read' } }, async (request) =>
    listFilingChangeRequests(ctx, actorOf(request), filingParams.parse(request.params).filingId),
  );
  app.post(
    '/api/enterprise/filings/:filingId/change-requests',
    { config: { policy: 'change-request.create' } },
    async (request, reply) => {
      const created = await applyForChange(
        ctx,
        actorOf(request),
        filingParams.parse(request.params).filingId,
        applyForChangeBody.parse(request.body),
        requestMetaOf(request),
      );
      return reply.status(201).send(created);
    },
  );
  app.get('/api/admin/change-requests', { config: { policy: 'change-request.list' } }, async (request) =>
    listChangeRequests(ctx, actorOf(request), changeRequestListQuery.parse(request.query)),
  );
  app.post(
    '/api/admin/change-requests/:changeRequestId/grant',
    { config: { policy: 'change-request.decide' } },
    async (request) =>
      grantChangeRequest(
        ctx,
        actorOf(request),
        changeRequestParams.parse(request.params).changeRequestId,
        grantChangeBody.parse(request.body ?? {}),
        requestMetaOf(request),
      ),
  );
  app.post(
    '/api/admin/change-requests/:changeRequestId/refuse',
    { config: { policy: 'change-request.decide' } },
    async (request) =>
      refuseChangeRequest(
        ctx,
        actorOf(request),
        changeRequestParams.parse(request.params).changeRequestId,
        refuseChangeBody.parse(request.body),
        requestMetaOf(request),
      ),
  );
}
