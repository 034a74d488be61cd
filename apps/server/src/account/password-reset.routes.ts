import { passwordResetBody, passwordResetCodeBody } from '@zhibao/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { requestPasswordResetCode, resetPassword } from './password-reset.service.ts';

/**
 * 忘记密码 (public): POST /api/password-reset/sms-code (username + registered mobile + captcha → a code),
 * POST /api/password-reset (… + code + new password → 204, every session of the account ended).
 */
export function passwordResetRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/password-reset/sms-code', { config: { isPublic: true } }, async (request) =>
    requestPasswordResetCode(ctx, passwordResetCodeBody.parse(request.body), requestMetaOf(request)),
  );

  app.post('/api/password-reset', { config: { isPublic: true } }, async (request, reply) => {
    await resetPassword(ctx, passwordResetBody.parse(request.body), requestMetaOf(request));
    return reply.status(204).send();
  });
}
