import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { buildAggregationWorkbook } from './aggregation-workbook.ts';
import { aggregationQuery, summaryTableQuery } from '@zhibao/contracts';
import { sendTableFile } from '../http/send-file.ts';
import { aggregateRegion } from './aggregation.service.ts';
import { analyzeRegion } from './aggregation-analysis.service.ts';
import { exportOfficialSummary } from './official-summary.service.ts';
import { exportRegionBriefing } from './region-briefing.service.ts';

export function aggregationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/aggregation', { config: { policy: 'aggregation.read' } }, async (request) =>
    aggregateRegion(ctx, actorOf(request), aggregationQuery.parse(request.query)),
  );
  app.get('/api/admin/aggregation/analysis', { config: { policy: 'aggregation.read' } }, async (request) =>
    analyzeRegion(ctx, actorOf(request), aggregationQuery.parse(request.query)),
  );
  app.get(
    '/api/admin/aggregation/export',
    { config: { policy: 'aggregation.read' } },
    async (request, reply) => {
      const report = await aggregateRegion(ctx, actorOf(request), aggregationQuery.parse(request.query));
      const fileName = encodeURIComponent(`汇总-${report.region.name}-${report.task.periodLabel}.xlsx`);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="summary.xlsx"; filename*=UTF-8''${fileName}`)
        .send(await buildAggregationWorkbook(report));
    },
  );
  app.get(
    '/api/admin/aggregation/briefing',
    { config: { policy: 'aggregation.read' } },
    async (request, reply) =>
      sendTableFile(
        reply,
        await exportRegionBriefing(ctx, actorOf(request), aggregationQuery.parse(request.query)),
      ),
  );
  app.get(
    '/api/admin/aggregation/summary-table',
    { config: { policy: 'aggregation.read' } },
    async (request, reply) => {
      const { format, ...query } = summaryTableQuery.parse(request.query);
      const file = await exportOfficialSummary(ctx, actorOf(request), query, format);
      return sendTableFile(reply, file);
    },
  );
}
