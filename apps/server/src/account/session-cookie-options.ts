import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';

/** HttpOnly and SameSite always; Secure in production and whenever the request came over TLS. */
export function sessionCookieOptions(ctx: AppContext, request: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.environment === 'production' || request.protocol === 'https',
    maxAge: ctx.config.session.absoluteHours * 3600,
  };
}
