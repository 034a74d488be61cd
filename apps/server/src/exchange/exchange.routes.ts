import {
  passUpPackageQuery,
  receivedPassUpParams,
  regionSubmissionParams,
  summaryTableFileQuery,
} from '@zhibao/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { sendFile, sendTableFile } from '../http/send-file.ts';
import { exportPassUpPackage } from './export-pass-up-package.service.ts';
import { importPassUpPackage } from './import-pass-up-package.command.ts';
import { downloadReceivedSummaryTable, listReceived } from './received-pass-up.service.ts';

export function exchangeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/admin/review/region-submissions/:submissionId/package',
    { config: { policy: 'exchange.export' } },
    async (request, reply) =>
      sendFile(
        reply,
        await exportPassUpPackage(
          ctx,
          actorOf(request),
          regionSubmissionParams.parse(request.params).submissionId,
          passUpPackageQuery.parse(request.query),
        ),
        { mediaType: 'application/json', fallbackName: 'pass-up-package.json', disposition: 'attachment' },
      ),
  );
  app.get('/api/admin/exchange/received', { config: { policy: 'exchange.list' } }, async (request) =>
    listReceived(ctx, actorOf(request)),
  );
  app.post(
    '/api/admin/exchange/received',
    // A package with the filings of a city is larger than an ordinary request.
    { config: { policy: 'exchange.import' }, bodyLimit: ctx.config.uploadMaxBytes },
    async (request) => importPassUpPackage(ctx, actorOf(request), request.body, requestMetaOf(request)),
  );
  app.get(
    '/api/admin/exchange/received/:receivedId/summary-table',
    { config: { policy: 'exchange.read' } },
    async (request, reply) =>
      sendTableFile(
        reply,
        await downloadReceivedSummaryTable(
          ctx,
          actorOf(request),
          receivedPassUpParams.parse(request.params).receivedId,
          summaryTableFileQuery.parse(request.query).format,
        ),
      ),
  );
}
