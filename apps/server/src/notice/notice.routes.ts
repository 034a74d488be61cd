import { noticeParams } from '@zhibao/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { languageOf } from '../http/message-language.ts';
import { listMyNotices, readAllNotices, readNotice } from './notice.service.ts';

export function noticeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/enterprise/notices', { config: { policy: 'notice.read' } }, async (request) =>
    listMyNotices(ctx, actorOf(request), languageOf(request)),
  );
  app.post(
    '/api/enterprise/notices/read-all',
    { config: { policy: 'notice.read' } },
    async (request, reply) => {
      await readAllNotices(ctx, actorOf(request));
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/enterprise/notices/:noticeId/read',
    { config: { policy: 'notice.read' } },
    async (request, reply) => {
      await readNotice(ctx, actorOf(request), noticeParams.parse(request.params).noticeId);
      return reply.status(204).send();
    },
  );
}
