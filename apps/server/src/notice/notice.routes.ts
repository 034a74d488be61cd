import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { listMyNotices, readNotice } from './notice.service.ts';

const noticeParams = z.object({ noticeId: z.uuid('消息编号格式有误') });

export function noticeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/enterprise/notices', { config: { policy: 'notice.read' } }, async (request) => ({
    items: await listMyNotices(ctx, actorOf(request)),
  }));
  app.post(
    '/api/enterprise/notices/:noticeId/read',
    { config: { policy: 'notice.read' } },
    async (request, reply) => {
      await readNotice(ctx, actorOf(request), noticeParams.parse(request.params).noticeId);
      return reply.status(204).send();
    },
  );
}
