import { dataQualityFindingsQuery, dataQualityRunBody, dataQualityRunQuery } from '@zhibao/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { buildDataQualityWorkbook } from './data-quality-workbook.ts';
import {
  exportDataQualityFindings,
  getDataQualityRuns,
  listDataQualityFindings,
  startDataQualityRun,
} from './data-quality.service.ts';

/** 数据质量检查: runs over a task's filings in the administrator's region, their findings and the export. */
export function dataQualityRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/data-quality/runs', { config: { policy: 'data-quality.read' } }, async (request) =>
    getDataQualityRuns(ctx, actorOf(request), dataQualityRunQuery.parse(request.query).taskId),
  );
  app.post('/api/admin/data-quality/runs', { config: { policy: 'data-quality.run' } }, async (request) =>
    startDataQualityRun(
      ctx,
      actorOf(request),
      dataQualityRunBody.parse(request.body).taskId,
      requestMetaOf(request),
    ),
  );
  app.get('/api/admin/data-quality/findings', { config: { policy: 'data-quality.read' } }, async (request) =>
    listDataQualityFindings(ctx, actorOf(request), dataQualityFindingsQuery.parse(request.query)),
  );
  app.get(
    '/api/admin/data-quality/findings/export',
    { config: { policy: 'data-quality.read' } },
    async (request, reply) => {
      const { run, findings } = await exportDataQualityFindings(
        ctx,
        actorOf(request),
        dataQualityFindingsQuery.parse(request.query),
      );
      const fileName = encodeURIComponent(`数据质量检查-${run?.regionName ?? ''}.xlsx`);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="data-quality.xlsx"; filename*=UTF-8''${fileName}`,
        )
        .send(await buildDataQualityWorkbook(run, findings));
    },
  );
}
