import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { firstSignInCreateBody, logInBody } from '@zhibao/contracts';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { sessionCookieName } from '../http/session-cookie.ts';
import { sessionCookieOptions } from '../account/session-cookie-options.ts';
import type { SessionView } from '../account/session.service.ts';
import {
  createAccountFromFirstSignIn,
  endSession,
  ExternalSignInRefused,
  finishExternalSignIn,
  getFirstSignIn,
  linkAccountFromFirstSignIn,
  listIdentityProviders,
  startExternalSignIn,
} from './external-sign-in.service.ts';

/** The browser's half of a sign-in in progress, and of a first sign-in waiting for an account. */
const stateCookieName = 'zhibao_sign_in_state';
const firstSignInCookieName = 'zhibao_first_sign_in';

function shortCookie(ctx: AppContext, request: FastifyRequest, minutes: number) {
  return { ...sessionCookieOptions(ctx, request), path: '/api/identity', maxAge: minutes * 60 };
}

function startSession(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  session: SessionView & { token: string },
) {
  reply.setCookie(sessionCookieName, session.token, sessionCookieOptions(ctx, request));
  reply.clearCookie(firstSignInCookieName, { path: '/api/identity' });
  return { user: session.user, csrfToken: session.csrfToken };
}

/**
 * Sign-in through the configured identity platforms (OpenID Connect or CAS 3.0):
 * GET /api/identity/providers (what the login page offers), GET /api/identity/:provider/sign-in (→ the provider),
 * GET /api/identity/:provider/callback (the provider's answer → signed in, or the first sign-in page),
 * GET /api/identity/first-sign-in (what the provider verified), POST /api/identity/first-sign-in/account (创建新账号),
 * POST /api/identity/first-sign-in/link (绑定已有账号: password + SMS code), POST /api/identity/logout.
 */
export function identityRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/identity/providers', { config: { isPublic: true } }, async () => listIdentityProviders(ctx));

  app.get<{ Params: { provider: string } }>(
    '/api/identity/:provider/sign-in',
    { config: { isPublic: true } },
    async (request, reply) => {
      const { redirectUrl, state } = await startExternalSignIn(ctx, request.params.provider);
      reply.setCookie(stateCookieName, state, shortCookie(ctx, request, 10));
      return reply.redirect(redirectUrl);
    },
  );

  app.get<{ Params: { provider: string } }>(
    '/api/identity/:provider/callback',
    { config: { isPublic: true } },
    async (request, reply) => {
      const answer = new URL(request.url, ctx.config.publicBaseUrl);
      reply.clearCookie(stateCookieName, { path: '/api/identity' });
      try {
        const outcome = await finishExternalSignIn(
          ctx,
          request.params.provider,
          answer,
          request.cookies[stateCookieName],
          requestMetaOf(request),
        );
        if (outcome.kind === 'session') {
          startSession(ctx, request, reply, outcome.session);
          return reply.redirect('/');
        }
        reply.setCookie(firstSignInCookieName, outcome.token, shortCookie(ctx, request, 30));
        return reply.redirect('/login/first-sign-in');
      } catch (error) {
        // A browser navigation: the login page says what went wrong, rather than a page of JSON.
        if (error instanceof ExternalSignInRefused) return reply.redirect(`/login?signIn=${error.reason}`);
        if (error instanceof AppError && error.code === 'IDENTITY_PROVIDER_UNAVAILABLE') {
          return reply.redirect('/login?signIn=unavailable');
        }
        throw error;
      }
    },
  );

  app.get('/api/identity/first-sign-in', { config: { isPublic: true } }, async (request) =>
    getFirstSignIn(ctx, request.cookies[firstSignInCookieName]),
  );

  app.post('/api/identity/first-sign-in/account', { config: { isPublic: true } }, async (request, reply) => {
    const input = firstSignInCreateBody.parse(request.body);
    const session = await createAccountFromFirstSignIn(
      ctx,
      request.cookies[firstSignInCookieName],
      input,
      requestMetaOf(request),
    );
    return startSession(ctx, request, reply, session);
  });

  app.post('/api/identity/first-sign-in/link', { config: { isPublic: true } }, async (request, reply) => {
    const credentials = logInBody.parse(request.body);
    const session = await linkAccountFromFirstSignIn(
      ctx,
      request.cookies[firstSignInCookieName],
      credentials,
      requestMetaOf(request),
    );
    return startSession(ctx, request, reply, session);
  });

  app.post('/api/identity/logout', { config: { policy: 'session.end' } }, async (request, reply) => {
    const answer = await endSession(
      ctx,
      actorOf(request),
      { token: request.cookies[sessionCookieName] ?? '', sessionId: request.session!.sessionId },
      requestMetaOf(request),
    );
    reply.clearCookie(sessionCookieName, { path: '/' });
    return answer;
  });
}
