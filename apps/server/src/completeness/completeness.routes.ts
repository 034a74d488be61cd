import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { completenessQuery, remindersBody } from '@zhibao/contracts';
import { getAdminOverview, getCompleteness, sendReminders } from './completeness.service.ts';

export function completenessRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/overview', async (request) => getAdminOverview(ctx, actorOf(request)));
  app.get('/api/admin/completeness', async (request) =>
    getCompleteness(ctx, actorOf(request), completenessQuery.parse(request.query)),
  );
  app.post('/api/admin/completeness/reminders', async (request) =>
    sendReminders(ctx, actorOf(request), remindersBody.parse(request.body), request.id),
  );
}
