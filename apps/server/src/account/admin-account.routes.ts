import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import {
  adminAccountBody,
  adminAccountParams,
  adminAccountStatusBody,
  auditEventsQuery,
} from '@zhibao/contracts';
import {
  createAdminAccount,
  listAdminAccounts,
  listAssignableRegions,
  setAdminAccountDisabled,
} from './admin-account.service.ts';
import { listAuditEvents } from './audit-event.service.ts';

export function adminAccountRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/accounts', { config: { policy: 'account.list' } }, async (request) => ({
    items: await listAdminAccounts(ctx, actorOf(request)),
  }));

  app.get('/api/admin/accounts/regions', { config: { policy: 'account.list' } }, async (request) => ({
    items: await listAssignableRegions(ctx, actorOf(request)),
  }));

  app.post('/api/admin/accounts', { config: { policy: 'account.create' } }, async (request, reply) => {
    const created = await createAdminAccount(
      ctx,
      actorOf(request),
      adminAccountBody.parse(request.body),
      requestMetaOf(request),
    );
    return reply.status(201).send(created);
  });

  app.put('/api/admin/accounts/:userId/status', { config: { policy: 'account.manage' } }, async (request) => {
    const { userId } = adminAccountParams.parse(request.params);
    const { isDisabled } = adminAccountStatusBody.parse(request.body);
    return setAdminAccountDisabled(ctx, actorOf(request), userId, isDisabled, requestMetaOf(request));
  });

  app.get('/api/admin/audit-events', { config: { policy: 'audit.read' } }, async (request) =>
    listAuditEvents(ctx, actorOf(request), auditEventsQuery.parse(request.query)),
  );
}
