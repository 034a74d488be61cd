import { filingParams, outlierListQuery, verificationQueryBody } from '@zhibao/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { getFilingProvenance } from '../review/cell-provenance.service.ts';
import { listFilingOutliers, listTaskOutliers } from './outlier.service.ts';
import { sendVerificationQuery } from './send-verification-query.command.ts';

/** Statistical editing on the review side: outlier flags, 请核实 queries and where each value came from. */
export function outlierRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/outliers', { config: { policy: 'review.queue' } }, async (request) =>
    listTaskOutliers(ctx, actorOf(request), outlierListQuery.parse(request.query).taskId),
  );
  app.get(
    '/api/admin/review/filings/:filingId/outliers',
    { config: { policy: 'review.read' } },
    async (request) => listFilingOutliers(ctx, actorOf(request), filingParams.parse(request.params).filingId),
  );
  app.get(
    '/api/admin/review/filings/:filingId/provenance',
    { config: { policy: 'review.read' } },
    async (request) =>
      getFilingProvenance(ctx, actorOf(request), filingParams.parse(request.params).filingId),
  );
  app.post(
    '/api/admin/review/filings/:filingId/verification-queries',
    { config: { policy: 'review.return' } },
    async (request) =>
      sendVerificationQuery(
        ctx,
        actorOf(request),
        filingParams.parse(request.params).filingId,
        verificationQueryBody.parse(request.body),
        requestMetaOf(request),
      ),
  );
}
