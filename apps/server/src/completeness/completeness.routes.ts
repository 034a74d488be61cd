import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { getAdminOverview } from './completeness.service.ts';

export function completenessRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/overview', async (request) => getAdminOverview(ctx, actorOf(request)));
}
