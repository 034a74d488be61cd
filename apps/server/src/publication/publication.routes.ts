import type { FastifyInstance } from 'fastify';
import { publicationExportQuery, publicationQuery } from '@zhibao/contracts';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { buildPublicationCsv, buildPublicationWorkbook } from './publication-file.ts';
import { protectRegionPublication } from './publication.service.ts';

export function publicationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/publication', { config: { policy: 'aggregation.read' } }, async (request) =>
    protectRegionPublication(ctx, actorOf(request), publicationQuery.parse(request.query)),
  );
  app.get(
    '/api/admin/publication/export',
    { config: { policy: 'aggregation.read' } },
    async (request, reply) => {
      const query = publicationExportQuery.parse(request.query);
      const report = await protectRegionPublication(ctx, actorOf(request), query);
      const fileName = encodeURIComponent(
        `对外发布-${report.region.name}-${report.task.periodLabel}.${query.format}`,
      );
      const disposition = `attachment; filename="publication.${query.format}"; filename*=UTF-8''${fileName}`;
      if (query.format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', disposition)
          .send(buildPublicationCsv(report));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', disposition)
        .send(await buildPublicationWorkbook(report));
    },
  );
}
