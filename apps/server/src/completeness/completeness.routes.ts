import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { completenessQuery, remindersBody } from '@zhibao/contracts';
import { getAdminOverview, getCompleteness, sendReminders } from './completeness.service.ts';

export function completenessRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/overview', { config: { policy: 'completeness.read' } }, async (request) =>
    getAdminOverview(ctx, actorOf(request)),
  );
  app.get('/api/admin/completeness', { config: { policy: 'completeness.read' } }, async (request) =>
    getCompleteness(ctx, actorOf(request), completenessQuery.parse(request.query)),
  );
  app.post(
    '/api/admin/completeness/reminders',
    { config: { policy: 'completeness.remind' } },
    async (request) => sendReminders(ctx, actorOf(request), remindersBody.parse(request.body), request.id),
  );
}
