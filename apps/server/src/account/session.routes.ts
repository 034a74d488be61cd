import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { demoAccounts } from '../db/seed/demo-accounts.ts';
import { AppError } from '../http/app-error.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { sessionCookieName } from '../http/session-cookie.ts';
import { sessionCookieOptions } from './session-cookie-options.ts';
import { loginCodeBody, logInBody } from '@zhibao/contracts';
import { logIn, logOut, logOutEverywhere, requestLoginCode } from './session.service.ts';

/**
 * The session: POST /api/session/sms-code (username + password → a code to the registered mobile),
 * POST /api/session (username + password + code → { user, csrfToken } and the cookie),
 * GET /api/session (→ { user, csrfToken }, 401 without one), DELETE /api/session (log out).
 */
export function sessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/session/sms-code', { config: { isPublic: true } }, async (request) =>
    requestLoginCode(ctx, loginCodeBody.parse(request.body), requestMetaOf(request)),
  );

  app.post('/api/session', { config: { isPublic: true } }, async (request, reply) => {
    const credentials = logInBody.parse(request.body);
    const { token, user, csrfToken } = await logIn(ctx, credentials, requestMetaOf(request));
    reply.setCookie(sessionCookieName, token, sessionCookieOptions(ctx, request));
    return { user, csrfToken };
  });

  app.get('/api/session', { config: { isPublic: true } }, async (request) => {
    if (!request.session) throw new AppError('UNAUTHENTICATED', '尚未登录');
    return { user: request.session.user, csrfToken: request.session.csrfToken };
  });

  app.delete('/api/session', { config: { policy: 'session.end' } }, async (request, reply) => {
    const token = request.cookies[sessionCookieName];
    if (token) await logOut(ctx, token, requestMetaOf(request), request.session?.actor);
    reply.clearCookie(sessionCookieName, { path: '/' });
    return reply.status(204).send();
  });

  app.delete('/api/sessions', { config: { policy: 'session.end' } }, async (request, reply) => {
    await logOutEverywhere(ctx, actorOf(request), requestMetaOf(request));
    reply.clearCookie(sessionCookieName, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/session/demo-accounts', { config: { isPublic: true } }, async () => {
    if (!ctx.config.isDemoEnabled) throw new AppError('NOT_FOUND', '演示账号未启用');
    return {
      accounts: demoAccounts.map(({ username, password, roleLabel, regionName }) => ({
        username,
        password,
        roleLabel,
        regionName,
      })),
      // Where the codes of the SMS login can be read while no real SMS gateway is configured.
      smsOutboxPath:
        ctx.config.environment !== 'production' && ctx.config.sms.provider === 'outbox'
          ? '/dev/sms-outbox'
          : null,
    };
  });
}
