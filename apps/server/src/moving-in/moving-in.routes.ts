import type { FastifyInstance } from 'fastify';
import { startMovingInBody } from '@zhibao/contracts';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { getMovingInOverview, getMovingInRun, startMovingIn } from './moving-in-admin.service.ts';

/**
 * 原平台数据迁入 (the ministry): GET /api/admin/moving-in (export folders, latest runs),
 * POST /api/admin/moving-in/runs (start one), GET /api/admin/moving-in/runs/:runId (progress, refusals, result).
 */
export function movingInRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/moving-in', { config: { policy: 'migration.import' } }, async (request) =>
    getMovingInOverview(ctx, actorOf(request)),
  );
  app.post('/api/admin/moving-in/runs', { config: { policy: 'migration.import' } }, async (request) =>
    startMovingIn(ctx, actorOf(request), startMovingInBody.parse(request.body), request.log),
  );
  app.get<{ Params: { runId: string } }>(
    '/api/admin/moving-in/runs/:runId',
    { config: { policy: 'migration.import' } },
    async (request) => getMovingInRun(ctx, actorOf(request), request.params.runId),
  );
}
