import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { sessionCookieName } from '../http/session-cookie.ts';
import { demoAccounts } from '../db/seed/demo-accounts.ts';
import { logInBody } from './session.schemas.ts';
import { logIn, logOut } from './session.service.ts';

export function sessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const isSecure = ctx.config.environment === 'production';

  app.post('/api/session', { config: { isPublic: true } }, async (request, reply) => {
    const credentials = logInBody.parse(request.body);
    const { token, user, csrfToken } = await logIn(ctx, credentials);
    reply.setCookie(sessionCookieName, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecure,
      maxAge: ctx.config.session.absoluteHours * 3600,
    });
    return { user, csrfToken };
  });

  app.get('/api/session', { config: { isPublic: true } }, async (request) => {
    if (!request.session) throw new AppError('UNAUTHENTICATED', '尚未登录');
    return { user: request.session.user, csrfToken: request.session.csrfToken };
  });

  app.delete('/api/session', async (request, reply) => {
    const token = request.cookies[sessionCookieName];
    if (token) await logOut(ctx, token);
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
    };
  });
}
