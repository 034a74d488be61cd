import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { listOutbox } from './sms-outbox.service.ts';

const outboxQuery = z.object({
  mobile: z
    .string()
    .regex(/^1\d{10}$/, '手机号应为11位数字')
    .optional(),
  username: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * The development outbox: the text messages the server "sent", so a developer or a test can read the
 * code. Registered only outside production, so it does not exist there at all.
 */
export function smsOutboxRoutes(app: FastifyInstance, ctx: AppContext): void {
  if (ctx.config.environment === 'production' || ctx.config.sms.provider !== 'outbox') return;
  app.get('/api/dev/sms-outbox', { config: { isPublic: true } }, async (request) => ({
    items: await listOutbox(ctx, outboxQuery.parse(request.query)),
  }));
}
