import { mobileResetBody, mobileResetCodeBody } from '@zhibao/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import {
  listEnterpriseAccountsForAdmin,
  requestMobileResetCode,
  resetMobile,
} from './mobile-reset.service.ts';

const accountParams = z.object({ userId: z.uuid('账号编号格式不正确') });
const enterpriseParams = z.object({ enterpriseId: z.uuid('企业编号格式不正确') });

/**
 * 更换手机号 for someone whose old phone is lost: by the enterprise's account manager (企业账号) for its filers,
 * by an administrator of the enterprise's region for any of its accounts.
 */
export function mobileResetRoutes(app: FastifyInstance, ctx: AppContext): void {
  const resetters = [
    { prefix: '/api/account', policy: 'enterprise-account.reset-mobile', by: 'manager' },
    { prefix: '/api/admin', policy: 'account.reset-mobile', by: 'administrator' },
  ] as const;
  for (const { prefix, policy, by } of resetters) {
    app.post(
      `${prefix}/enterprise-accounts/:userId/mobile/sms-code`,
      { config: { policy } },
      async (request) => {
        const { userId } = accountParams.parse(request.params);
        const { newMobile } = mobileResetCodeBody.parse(request.body);
        return requestMobileResetCode(ctx, actorOf(request), userId, newMobile, by, requestMetaOf(request));
      },
    );

    app.put(`${prefix}/enterprise-accounts/:userId/mobile`, { config: { policy } }, async (request) => {
      const { userId } = accountParams.parse(request.params);
      const body = mobileResetBody.parse(request.body);
      return resetMobile(ctx, actorOf(request), userId, body, by, requestMetaOf(request));
    });
  }

  app.get(
    '/api/admin/enterprises/:enterpriseId/accounts',
    { config: { policy: 'enterprise.read' } },
    async (request) => ({
      items: await listEnterpriseAccountsForAdmin(
        ctx,
        actorOf(request),
        enterpriseParams.parse(request.params).enterpriseId,
      ),
    }),
  );
}
