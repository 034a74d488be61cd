import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import {
  applicableTasksQuery,
  applicationParams,
  applicationsInRegionQuery,
  applyForTaskBody,
  refuseApplicationBody,
} from '@zhibao/contracts';
import {
  applyForTask,
  approveApplication,
  listApplicableTasks,
  listApplicationsForReview,
  refuseApplication,
} from './task-application.service.ts';

export function taskApplicationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/enterprise/task-applications',
    { config: { policy: 'task-application.list' } },
    async (request) => ({
      items: await listApplicableTasks(ctx, actorOf(request), applicableTasksQuery.parse(request.query)),
    }),
  );

  app.post(
    '/api/enterprise/task-applications',
    { config: { policy: 'task-application.apply' } },
    async (request) =>
      applyForTask(
        ctx,
        actorOf(request),
        applyForTaskBody.parse(request.body).taskId,
        requestMetaOf(request),
      ),
  );

  app.get(
    '/api/admin/task-applications',
    { config: { policy: 'task-application.queue' } },
    async (request) => ({
      items: await listApplicationsForReview(
        ctx,
        actorOf(request),
        applicationsInRegionQuery.parse(request.query),
      ),
    }),
  );

  app.post(
    '/api/admin/task-applications/:applicationId/approve',
    { config: { policy: 'task-application.decide' } },
    async (request) =>
      approveApplication(
        ctx,
        actorOf(request),
        applicationParams.parse(request.params).applicationId,
        requestMetaOf(request),
      ),
  );

  app.post(
    '/api/admin/task-applications/:applicationId/refuse',
    { config: { policy: 'task-application.decide' } },
    async (request) => {
      const { applicationId } = applicationParams.parse(request.params);
      const { reason } = refuseApplicationBody.parse(request.body);
      return refuseApplication(ctx, actorOf(request), applicationId, reason, requestMetaOf(request));
    },
  );
}
