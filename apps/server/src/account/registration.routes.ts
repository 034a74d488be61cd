import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { sessionCookieName } from '../http/session-cookie.ts';
import { registrationBody, registrationCodeBody } from '@zhibao/contracts';
import { registerAccount, requestRegistrationCode } from './registration.service.ts';
import { sessionCookieOptions } from './session-cookie-options.ts';

export function registrationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/registration/sms-code', { config: { isPublic: true } }, async (request) =>
    requestRegistrationCode(ctx, registrationCodeBody.parse(request.body), requestMetaOf(request)),
  );

  app.post('/api/registration', { config: { isPublic: true } }, async (request, reply) => {
    const session = await registerAccount(ctx, registrationBody.parse(request.body), requestMetaOf(request));
    reply.setCookie(sessionCookieName, session.token, sessionCookieOptions(ctx, request));
    return reply.status(201).send({ user: session.user, csrfToken: session.csrfToken });
  });
}
