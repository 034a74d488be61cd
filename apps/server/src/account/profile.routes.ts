import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { readMultipartForm } from './document-file.ts';
import {
  documentParams,
  mobileChangeBody,
  mobileCodesBody,
  passwordChangeBody,
  profileBody,
  uploadedDocumentKind,
} from '@zhibao/contracts';
import {
  changeMobile,
  changePassword,
  downloadDocument,
  getProfile,
  listDocuments,
  requestMobileChangeCodes,
  updateProfile,
  uploadDocument,
} from './profile.service.ts';

/** 用户中心: 基本信息, 修改密码, 修改手机号, 上传证件 — always of the signed-in account itself. */
export function profileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/account/profile', { config: { policy: 'profile.read' } }, async (request) =>
    getProfile(ctx, actorOf(request)),
  );

  app.put('/api/account/profile', { config: { policy: 'profile.update' } }, async (request) =>
    updateProfile(ctx, actorOf(request), profileBody.parse(request.body), requestMetaOf(request)),
  );

  app.put('/api/account/password', { config: { policy: 'profile.update' } }, async (request, reply) => {
    await changePassword(ctx, actorOf(request), passwordChangeBody.parse(request.body), {
      ...requestMetaOf(request),
      sessionId: request.session!.sessionId,
    });
    return reply.status(204).send();
  });

  app.post('/api/account/mobile/sms-codes', { config: { policy: 'profile.update' } }, async (request) =>
    requestMobileChangeCodes(
      ctx,
      actorOf(request),
      mobileCodesBody.parse(request.body).newMobile,
      requestMetaOf(request),
    ),
  );

  app.put('/api/account/mobile', { config: { policy: 'profile.update' } }, async (request) =>
    changeMobile(ctx, actorOf(request), mobileChangeBody.parse(request.body), requestMetaOf(request)),
  );

  app.get('/api/account/documents', { config: { policy: 'document.list' } }, async (request) => ({
    items: await listDocuments(ctx, actorOf(request)),
  }));

  app.post('/api/account/documents', { config: { policy: 'document.upload' } }, async (request, reply) => {
    const actor = actorOf(request);
    const form = await readMultipartForm(request, {
      fileFields: ['file'],
      maxFileBytes: ctx.config.uploadMaxBytes,
      labels: { file: '证件文件' },
    });
    const kind = uploadedDocumentKind.parse(form.fields.kind);
    const result = await uploadDocument(ctx, actor, kind, form.files.file, requestMetaOf(request));
    return reply.status(201).send(result);
  });

  app.get(
    '/api/account/documents/:documentId',
    { config: { policy: 'document.read' } },
    async (request, reply) => {
      const { documentId } = documentParams.parse(request.params);
      const document = await downloadDocument(ctx, actorOf(request), documentId);
      return reply
        .type(document.mediaType)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(document.content);
    },
  );
}
