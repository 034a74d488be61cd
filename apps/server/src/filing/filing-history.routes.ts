import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { historyParams, historyQuery, revisionCompareQuery } from '@zhibao/contracts';
import { compareFilingRevisions, getFilingHistory } from './filing-history.service.ts';

/** A filing's history and its submitted versions, for the enterprise and the administrators above it alike. */
export function filingHistoryRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/filings/:filingId/history', { config: { policy: 'filing.read' } }, async (request) =>
    getFilingHistory(
      ctx,
      actorOf(request),
      historyParams.parse(request.params).filingId,
      historyQuery.parse(request.query),
    ),
  );
  app.get(
    '/api/filings/:filingId/revisions/compare',
    { config: { policy: 'filing.read' } },
    async (request) =>
      compareFilingRevisions(
        ctx,
        actorOf(request),
        historyParams.parse(request.params).filingId,
        revisionCompareQuery.parse(request.query),
      ),
  );
}
