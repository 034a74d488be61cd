import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { bindingBody } from './binding.schemas.ts';
import { bindEnterprise, listEnterpriseAccounts, removeEnterpriseAccount } from './binding.service.ts';

const accountParams = z.object({ userId: z.uuid('账号编号格式不正确') });

export function bindingRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/account/binding', async (request) =>
    bindEnterprise(ctx, actorOf(request), bindingBody.parse(request.body), requestMetaOf(request)),
  );

  app.get('/api/account/enterprise-accounts', async (request) => ({
    items: await listEnterpriseAccounts(ctx, actorOf(request)),
  }));

  app.delete('/api/account/enterprise-accounts/:userId', async (request, reply) => {
    const { userId } = accountParams.parse(request.params);
    await removeEnterpriseAccount(ctx, actorOf(request), userId, requestMetaOf(request));
    return reply.status(204).send();
  });
}
