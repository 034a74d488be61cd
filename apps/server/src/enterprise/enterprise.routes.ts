import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import {
  confirmDirectoryImportBody,
  enterpriseBody,
  enterpriseDirectoryQuery,
  enterpriseParams,
  importBody,
  importPreviewParams,
  scopeSettingsBody,
} from '@zhibao/contracts';
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
    return previewDirectoryImport(
      ctx,
      actorOf(request),
      { fileName: body.fileName, content: Buffer.from(body.contentBase64, 'base64') },
      request.id,
    );
  });
  app.post(
    '/api/admin/enterprises/import/:previewId/confirm',
    { config: { policy: 'enterprise.import' } },
    async (request) =>
      confirmDirectoryImport(
        ctx,
        actorOf(request),
        importPreviewParams.parse(request.params).previewId,
        confirmDirectoryImportBody.parse(request.body ?? {}),
        request.id,
      ),
  );
  app.get('/api/admin/enterprises/divisions', { config: { policy: 'directory.read' } }, async (request) =>
    listDivisions(ctx, actorOf(request)),
  );
  app.get(
    '/api/admin/enterprises/scope-settings',
    { config: { policy: 'directory.read' } },
    async (request) => getScopeSettings(ctx, actorOf(request)),
  );
  app.put(
    '/api/admin/enterprises/scope-settings',
    { config: { policy: 'directory.scope-thresholds' } },
    async (request) =>
      chooseScopeThresholds(
        ctx,
        actorOf(request),
        scopeSettingsBody.parse(request.body).scopeThresholdsId,
        requestMetaOf(request),
      ),
  );
  app.get(
    '/api/admin/enterprises/:enterpriseId/joinable-tasks',
    { config: { policy: 'enterprise.read' } },
    async (request) =>
      listJoinableTasks(ctx, actorOf(request), enterpriseParams.parse(request.params).enterpriseId),
  );
  app.post(
    '/api/admin/enterprises/:enterpriseId/join-open-tasks',
    { config: { policy: 'enterprise.join-open-tasks' } },
    async (request) =>
      joinEnterpriseToOpenTasks(
        ctx,
        actorOf(request),
        enterpriseParams.parse(request.params).enterpriseId,
        request.id,
      ),
  );
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
