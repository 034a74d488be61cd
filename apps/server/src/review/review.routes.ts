import {
  excuseObligationBodySchema,
  regionPassUpQuerySchema,
  remindRegionBodySchema,
  submitRegionBodySchema,
  takeOverRegionBodySchema,
} from '@zhibao/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { languageOf } from '../http/message-language.ts';
import {
  approveFilingBody,
  bulkApproveBody,
  filingParams,
  regionSubmissionParams,
  summaryTableFileQuery,
  returnFilingBody,
  returnRegionBody,
  reviewQueueQuery,
  updateStopThresholdBody,
} from '@zhibao/contracts';
import { requestMetaOf } from '../http/request-meta.ts';
import { approveCleanFilings } from './commands/approve-clean-filings.command.ts';
import { approveFiling } from './commands/approve-filing.command.ts';
import { returnFiling } from './commands/return-filing.command.ts';
import { excuseObligation } from './commands/excuse-obligation.command.ts';
import { remindRegion } from './commands/remind-region.command.ts';
import { returnRegion } from './commands/return-region.command.ts';
import { submitRegion } from './commands/submit-region.command.ts';
import { takeOverRegion } from './commands/take-over-region.command.ts';
import { listMyRegionNotices, listRegionPassUps } from './region-submission.service.ts';
import { downloadPassUpSummaryTable } from './pass-up-summary-table.service.ts';
import { sendTableFile } from '../http/send-file.ts';
import { listReviewQueue } from './review-queue.service.ts';
import { getReviewFiling } from './review.service.ts';
import { updateStopThreshold } from './stop-threshold.service.ts';

export function reviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/review/queue', { config: { policy: 'review.queue' } }, async (request) =>
    listReviewQueue(ctx, actorOf(request), reviewQueueQuery.parse(request.query)),
  );
  app.put(
    '/api/admin/review/stop-threshold',
    { config: { policy: 'review.stop-threshold' } },
    async (request) =>
      updateStopThreshold(
        ctx,
        actorOf(request),
        updateStopThresholdBody.parse(request.body),
        requestMetaOf(request).requestId,
      ),
  );
  app.get('/api/admin/review/filings/:filingId', { config: { policy: 'review.read' } }, async (request) =>
    getReviewFiling(ctx, actorOf(request), filingParams.parse(request.params).filingId),
  );
  app.post(
    '/api/admin/review/filings/:filingId/approve',
    { config: { policy: 'review.approve' } },
    async (request) =>
      approveFiling(
        ctx,
        actorOf(request),
        filingParams.parse(request.params).filingId,
        approveFilingBody.parse(request.body ?? {}),
        requestMetaOf(request),
      ),
  );
  app.post(
    '/api/admin/review/filings/:filingId/return',
    { config: { policy: 'review.return' } },
    async (request) =>
      returnFiling(
        ctx,
        actorOf(request),
        filingParams.parse(request.params).filingId,
        returnFilingBody.parse(request.body),
        requestMetaOf(request),
      ),
  );
  app.post('/api/admin/review/bulk-approve', { config: { policy: 'review.bulk-approve' } }, async (request) =>
    approveCleanFilings(
      ctx,
      actorOf(request),
      bulkApproveBody.parse(request.body).filingIds,
      requestMetaOf(request),
    ),
  );
  app.get('/api/admin/review/region-submissions', { config: { policy: 'task.read' } }, async (request) =>
    listRegionPassUps(ctx, actorOf(request), regionPassUpQuerySchema.parse(request.query)),
  );
  app.post(
    '/api/admin/review/region-submissions',
    { config: { policy: 'region.pass-up' } },
    async (request) =>
      submitRegion(ctx, actorOf(request), submitRegionBodySchema.parse(request.body), requestMetaOf(request)),
  );
  app.post('/api/admin/review/excusals', { config: { policy: 'obligation.excuse' } }, async (request) =>
    excuseObligation(
      ctx,
      actorOf(request),
      excuseObligationBodySchema.parse(request.body),
      requestMetaOf(request),
    ),
  );
  app.post('/api/admin/review/takeovers', { config: { policy: 'region.take-over' } }, async (request) =>
    takeOverRegion(
      ctx,
      actorOf(request),
      takeOverRegionBodySchema.parse(request.body),
      requestMetaOf(request),
    ),
  );
  app.post('/api/admin/review/region-reminders', { config: { policy: 'region.remind' } }, async (request) =>
    remindRegion(ctx, actorOf(request), remindRegionBodySchema.parse(request.body), requestMetaOf(request)),
  );
  app.get('/api/admin/region-notices', { config: { policy: 'region-notice.read' } }, async (request) =>
    listMyRegionNotices(ctx, actorOf(request), languageOf(request)),
  );
  app.post(
    '/api/admin/review/region-submissions/:submissionId/return',
    { config: { policy: 'region.return' } },
    async (request) =>
      returnRegion(
        ctx,
        actorOf(request),
        regionSubmissionParams.parse(request.params).submissionId,
        returnRegionBody.parse(request.body).reason,
        requestMetaOf(request),
      ),
  );
  app.get(
    '/api/admin/review/region-submissions/:submissionId/summary-table',
    { config: { policy: 'region.read' } },
    async (request, reply) =>
      sendTableFile(
        reply,
        await downloadPassUpSummaryTable(
          ctx,
          actorOf(request),
          regionSubmissionParams.parse(request.params).submissionId,
          summaryTableFileQuery.parse(request.query).format,
        ),
      ),
  );
}
