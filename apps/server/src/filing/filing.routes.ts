import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import {
  cancelSubmissionBody,
  filedReportsQuery,
  filingIdParams,
  saveDraftBody,
  submitFilingBody,
  taskIdParams,
} from '@zhibao/contracts';
import { cancelSubmission } from './commands/cancel-submission.command.ts';
import { saveDraft } from './commands/save-filing.command.ts';
import { submitFiling } from './commands/submit-filing.command.ts';
import {
  getFiledReport,
  getTaskFiling,
  listEnterpriseTasks,
  listFiledReports,
  listFilingTrend,
} from './filing.service.ts';

export function filingRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/enterprise/tasks', { config: { policy: 'filing.list' } }, async (request) => ({
    items: await listEnterpriseTasks(ctx, actorOf(request)),
  }));

  app.get('/api/enterprise/filings', { config: { policy: 'filing.list' } }, async (request) => ({
    items: await listFiledReports(ctx, actorOf(request), filedReportsQuery.parse(request.query)),
  }));

  app.get('/api/enterprise/filing-trend', { config: { policy: 'filing.list' } }, async (request) => ({
    items: await listFilingTrend(ctx, actorOf(request)),
  }));

  app.get('/api/enterprise/filings/:filingId', { config: { policy: 'filing.open' } }, async (request) =>
    getFiledReport(ctx, actorOf(request), filingIdParams.parse(request.params).filingId),
  );

  app.get('/api/enterprise/tasks/:taskId/filing', { config: { policy: 'filing.open' } }, async (request) =>
    getTaskFiling(ctx, actorOf(request), taskIdParams.parse(request.params).taskId),
  );

  app.put('/api/enterprise/tasks/:taskId/filing', { config: { policy: 'filing.save' } }, async (request) =>
    saveDraft(
      ctx,
      actorOf(request),
      taskIdParams.parse(request.params).taskId,
      saveDraftBody.parse(request.body),
      requestMetaOf(request),
    ),
  );

  app.post(
    '/api/enterprise/tasks/:taskId/filing/submit',
    { config: { policy: 'filing.submit' } },
    async (request) =>
      submitFiling(
        ctx,
        actorOf(request),
        taskIdParams.parse(request.params).taskId,
        submitFilingBody.parse(request.body),
        requestMetaOf(request),
      ),
  );

  app.post(
    '/api/enterprise/tasks/:taskId/filing/cancel-submission',
    { config: { policy: 'filing.cancel' } },
    async (request) =>
      cancelSubmission(
        ctx,
        actorOf(request),
        taskIdParams.parse(request.params).taskId,
        cancelSubmissionBody.parse(request.body ?? {}),
        requestMetaOf(request),
      ),
  );
}
