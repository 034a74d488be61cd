import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { enterpriseBody, enterpriseDirectoryQuery, enterpriseParams, importBody } from '@zhibao/contracts';
import { createEnterprise, editEnterprise, getEnterprise, listDirectory } from './enterprise.service.ts';
import { downloadImportTemplate, importDirectory } from './enterprise-import.service.ts';

export function enterpriseRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/enterprises', { config: { policy: 'enterprise.list' } }, async (request) =>
    listDirectory(ctx, actorOf(request), enterpriseDirectoryQuery.parse(request.query)),
  );
  app.get(
    '/api/admin/enterprises/import-template',
    { config: { policy: 'enterprise.import' } },
    async (request, reply) => {
      const template = await downloadImportTemplate(actorOf(request));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="directory-template.xlsx"; filename*=UTF-8''${encodeURIComponent('企业名录导入模板.xlsx')}`,
        )
        .send(template);
    },
  );
  app.post('/api/admin/enterprises/import', { config: { policy: 'enterprise.import' } }, async (request) => {
    const body = importBody.parse(request.body);
    return importDirectory(
      ctx,
      actorOf(request),
      { fileName: body.fileName, content: Buffer.from(body.contentBase64, 'base64') },
      request.id,
    );
  });
  app.get(
    '/api/admin/enterprises/:enterpriseId',
    { config: { policy: 'enterprise.read' } },
    async (request) =>
      getEnterprise(ctx, actorOf(request), enterpriseParams.parse(request.params).enterpriseId),
  );
  app.post('/api/admin/enterprises', { config: { policy: 'enterprise.create' } }, async (request, reply) =>
    reply
      .status(201)
      .send(await createEnterprise(ctx, actorOf(request), enterpriseBody.parse(request.body), request.id)),
  );
  app.put(
    '/api/admin/enterprises/:enterpriseId',
    { config: { policy: 'enterprise.update' } },
    async (request) =>
      editEnterprise(
        ctx,
        actorOf(request),
        enterpriseParams.parse(request.params).enterpriseId,
        enterpriseBody.parse(request.body),
        request.id,
      ),
  );
}
