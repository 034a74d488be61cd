import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import {
  approveFilingBody,
  bulkApproveBody,
  filingParams,
  regionSubmissionBody,
  regionSubmissionParams,
  regionSubmissionQuery,
  returnFilingBody,
  returnRegionBody,
  reviewQueueQuery,
} from './review.schemas.ts';
import {
  approveCleanFilings,
  approveFiling,
  getReviewFiling,
  listRegionSubmissions,
  listReviewQueue,
  returnFiling,
  returnRegion,
  submitRegion,
} from './review.service.ts';

export function reviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/review/queue', async (request) =>
    listReviewQueue(ctx, actorOf(request), reviewQueueQuery.parse(request.query)),
  );
  app.get('/api/admin/review/filings/:filingId', async (request) =>
    getReviewFiling(ctx, actorOf(request), filingParams.parse(request.params).filingId),
  );
  app.post('/api/admin/review/filings/:filingId/approve', async (request) =>
    approveFiling(
      ctx,
      actorOf(request),
      filingParams.parse(request.params).filingId,
      approveFilingBody.parse(request.body ?? {}),
      request.id,
    ),
  );
  app.post('/api/admin/review/filings/:filingId/return', async (request) =>
    returnFiling(
      ctx,
      actorOf(request),
      filingParams.parse(request.params).filingId,
      returnFilingBody.parse(request.body),
      request.id,
    ),
  );
  app.post('/api/admin/review/bulk-approve', async (request) =>
    approveCleanFilings(ctx, actorOf(request), bulkApproveBody.parse(request.body).filingIds, request.id),
  );
  app.get('/api/admin/review/region-submissions', async (request) =>
    listRegionSubmissions(ctx, actorOf(request), regionSubmissionQuery.parse(request.query).taskId),
  );
  app.post('/api/admin/review/region-submissions', async (request) =>
    submitRegion(ctx, actorOf(request), regionSubmissionBody.parse(request.body).taskId, request.id),
  );
  app.post('/api/admin/review/region-submissions/:submissionId/return', async (request) =>
    returnRegion(
      ctx,
      actorOf(request),
      regionSubmissionParams.parse(request.params).submissionId,
      returnRegionBody.parse(request.body).reason,
      request.id,
    ),
  );
}
