import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { enterpriseDirectoryQuery } from './enterprise.schemas.ts';
import { listDirectory } from './enterprise.service.ts';

export function enterpriseRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/enterprises', async (request) =>
    listDirectory(ctx, actorOf(request), enterpriseDirectoryQuery.parse(request.query)),
  );
}
