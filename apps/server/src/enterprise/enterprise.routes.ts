import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import {
  enterpriseBody,
  enterpriseDirectoryQuery,
  enterpriseParams,
  importBody,
  importPreviewParams,
} from './enterprise.schemas.ts';
import { confirmDirectoryImportBody, scopeSettingsBody } from '@zhibao/contracts';
import { requestMetaOf } from '../http/request-meta.ts';
import { confirmDirectoryImport, previewDirectoryImport } from './enterprise-import.service.ts';
import { joinEnterpriseToOpenTasks, listJoinableTasks } from './enterprise-obligation.service.ts';
import { chooseScopeThresholds, getScopeSettings } from './enterprise-scope.ts';
import {
  createEnterprise,
  downloadImportTemplate,
  editEnterprise,
  getEnterprise,
  listDirectory,
  listDivisions,
} from './enterprise.service.ts';

export function enterpriseRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/enterprises', async (request) =>
    listDirectory(ctx, actorOf(request), enterpriseDirectoryQuery.parse(request.query)),
  );
  app.get('/api/admin/enterprises/import-template', async (request, reply) => {
    const template = await downloadImportTemplate(actorOf(request));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header(
        'content-disposition',
        `attachment; filename="directory-template.xlsx"; filename*=UTF-8''${encodeURIComponent('企业名录导入模板.xlsx')}`,
      )
      .send(template);
  });
  app.post('/api/admin/enterprises/import', async (request) => {
    const body = importBody.parse(request.body);
    return previewDirectoryImport(
      ctx,
      actorOf(request),
      { fileName: body.fileName, content: Buffer.from(body.contentBase64, 'base64') },
      request.id,
    );
  });
  app.post('/api/admin/enterprises/import/:previewId/confirm', async (request) =>
    confirmDirectoryImport(
      ctx,
      actorOf(request),
      importPreviewParams.parse(request.params).previewId,
      confirmDirectoryImportBody.parse(request.body ?? {}),
      request.id,
    ),
  );
  app.get('/api/admin/enterprises/divisions', async (request) => listDivisions(ctx, actorOf(request)));
  app.get('/api/admin/enterprises/scope-settings', async (request) =>
    getScopeSettings(ctx, actorOf(request)),
  );
  app.put('/api/admin/enterprises/scope-settings', async (request) =>
    chooseScopeThresholds(
      ctx,
      actorOf(request),
      scopeSettingsBody.parse(request.body).scopeThresholdsId,
      requestMetaOf(request),
    ),
  );
  app.get('/api/admin/enterprises/:enterpriseId/joinable-tasks', async (request) =>
    listJoinableTasks(ctx, actorOf(request), enterpriseParams.parse(request.params).enterpriseId),
  );
  app.post('/api/admin/enterprises/:enterpriseId/join-open-tasks', async (request) =>
    joinEnterpriseToOpenTasks(
      ctx,
      actorOf(request),
      enterpriseParams.parse(request.params).enterpriseId,
      request.id,
    ),
  );
  app.get('/api/admin/enterprises/:enterpriseId', async (request) =>
    getEnterprise(ctx, actorOf(request), enterpriseParams.parse(request.params).enterpriseId),
  );
  app.post('/api/admin/enterprises', async (request, reply) =>
    reply
      .status(201)
      .send(await createEnterprise(ctx, actorOf(request), enterpriseBody.parse(request.body), request.id)),
  );
  app.put('/api/admin/enterprises/:enterpriseId', async (request) =>
    editEnterprise(
      ctx,
      actorOf(request),
      enterpriseParams.parse(request.params).enterpriseId,
      enterpriseBody.parse(request.body),
      request.id,
    ),
  );
}
