import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { createCaptcha, developmentCaptchaAnswer } from './captcha.service.ts';

const captchaParams = z.object({ captchaId: z.uuid() });

export function captchaRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The SVG travels inside JSON with its id, so the form can send both back.
  app.post('/api/captchas', { config: { isPublic: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return createCaptcha(ctx);
  });

  // Development and tests only, beside the SMS outbox: read a captcha's answer. Absent in production.
  if (ctx.config.environment === 'production') return;
  app.get('/api/dev/captchas/:captchaId', { config: { isPublic: true } }, async (request) => {
    const { captchaId } = captchaParams.parse(request.params);
    const answer = developmentCaptchaAnswer(ctx, captchaId);
    if (!answer) throw new AppError('NOT_FOUND', '图形验证码不存在');
    return { answer };
  });
}
