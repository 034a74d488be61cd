import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import {
  generateMonthlyBody,
  grantExtensionBody,
  grantRegionExtensionBody,
  publishTaskBody,
  taskParams,
} from '@zhibao/contracts';
import { grantExtension, grantRegionExtension } from '../filing/commands/extend-filing-deadline.command.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { generateMonthlyTasks } from './commands/generate-monthly-tasks.command.ts';
import { publishTask } from './commands/publish-task.command.ts';
import { listAdminTasks } from './task.service.ts';

export function taskRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/tasks', { config: { policy: 'task.list' } }, async (request) => ({
    items: await listAdminTasks(ctx, actorOf(request)),
  }));
  app.post('/api/admin/tasks', { config: { policy: 'task.publish' } }, async (request, reply) =>
    reply
      .status(201)
      .send(
        await publishTask(ctx, actorOf(request), publishTaskBody.parse(request.body), requestMetaOf(request)),
      ),
  );
  app.post('/api/admin/tasks/generate-monthly', { config: { policy: 'task.publish' } }, async (request) =>
    generateMonthlyTasks(
      ctx,
      actorOf(request),
      generateMonthlyBody.parse(request.body),
      requestMetaOf(request),
    ),
  );
  app.post('/api/admin/tasks/:taskId/extensions', { config: { policy: 'filing.extend' } }, async (request) =>
    grantExtension(
      ctx,
      actorOf(request),
      taskParams.parse(request.params).taskId,
      grantExtensionBody.parse(request.body),
      requestMetaOf(request),
    ),
  );
  app.post(
    '/api/admin/tasks/:taskId/region-extensions',
    { config: { policy: 'region.extend' } },
    async (request) =>
      grantRegionExtension(
        ctx,
        actorOf(request),
        taskParams.parse(request.params).taskId,
        grantRegionExtensionBody.parse(request.body),
        requestMetaOf(request),
      ),
  );
}
