import fastifyMultipart from '@fastify/multipart';
import {
  announcementAttachmentFields,
  announcementAttachmentParams,
  announcementParams,
} from '@zhibao/contracts';
import type { FastifyInstance } from 'fastify';
import { readMultipartForm } from '../account/document-file.ts';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import {
  downloadAnnouncementAttachment,
  listAnnouncements,
  readAnnouncement,
} from './announcement.service.ts';
import { publishAnnouncement } from './publish-announcement.ts';
import { withdrawAnnouncement } from './withdraw-announcement.ts';

/** 通知公告: read by enterprises and administrators, published and withdrawn by administrators. */
export function announcementRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/announcements', { config: { policy: 'announcement.list' } }, async (request) =>
    listAnnouncements(ctx, actorOf(request)),
  );
  app.post(
    '/api/announcements/:announcementId/read',
    { config: { policy: 'announcement.read' } },
    async (request, reply) => {
      const { announcementId } = announcementParams.parse(request.params);
      await readAnnouncement(ctx, actorOf(request), announcementId);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/announcements/:announcementId/attachments/:attachmentId',
    { config: { policy: 'announcement.read' } },
    async (request, reply) => {
      const { announcementId, attachmentId } = announcementAttachmentParams.parse(request.params);
      const file = await downloadAnnouncementAttachment(ctx, actorOf(request), announcementId, attachmentId);
      return reply
        .type(file.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('cache-control', 'private, no-store')
        .send(file.content);
    },
  );
  app.post(
    '/api/admin/announcements/:announcementId/withdraw',
    { config: { policy: 'announcement.withdraw' } },
    async (request, reply) => {
      const { announcementId } = announcementParams.parse(request.params);
      await withdrawAnnouncement(ctx, actorOf(request), announcementId, requestMetaOf(request));
      return reply.status(204).send();
    },
  );
  // Publishing carries files: multipart parsing only in this scope.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: ctx.config.uploadMaxBytes, files: announcementAttachmentFields.length },
    });
    scope.post(
      '/api/admin/announcements',
      { config: { policy: 'announcement.publish' } },
      async (request, reply) => {
        const form = await readMultipartForm(request, {
          fileFields: announcementAttachmentFields,
          maxFileBytes: ctx.config.uploadMaxBytes,
          labels: Object.fromEntries(announcementAttachmentFields.map((field) => [field, '附件'])),
        });
        const result = await publishAnnouncement(
          ctx,
          actorOf(request),
          form.fields,
          form.files,
          requestMetaOf(request),
        );
        return reply.status(201).send(result);
      },
    );
  });
}
