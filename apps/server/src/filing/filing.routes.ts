import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { filedReportsQuery } from './filing.schemas.ts';
import { listEnterpriseTasks, listFiledReports } from './filing.service.ts';

export function filingRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/enterprise/tasks', async (request) => ({
    items: await listEnterpriseTasks(ctx, actorOf(request)),
  }));

  app.get('/api/enterprise/filings', async (request) => ({
    items: await listFiledReports(ctx, actorOf(request), filedReportsQuery.parse(request.query)),
  }));
}
