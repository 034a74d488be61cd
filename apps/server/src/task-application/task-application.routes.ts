import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { applicableTasksQuery, applyForTaskBody } from './task-application.schemas.ts';
import { applyForTask, listApplicableTasks } from './task-application.service.ts';

export function taskApplicationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/enterprise/task-applications', async (request) => ({
    items: await listApplicableTasks(ctx, actorOf(request), applicableTasksQuery.parse(request.query)),
  }));

  app.post('/api/enterprise/task-applications', async (request) =>
    applyForTask(ctx, actorOf(request), applyForTaskBody.parse(request.body).taskId, requestMetaOf(request)),
  );
}
