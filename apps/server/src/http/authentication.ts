import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import { resumeSession, type SessionView } from '../account/session.service.ts';
import type { AppContext } from '../app-context.ts';
import { AppError } from './app-error.ts';
import { sessionCookieName } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionView | null;
  }
  interface FastifyInstance {
    /** Every route as registered, so tests can walk all of them (the access matrix) and nothing is missed. */
    routeCatalog: RouteEntry[];
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session (login, health). */
    isPublic?: boolean;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteEntry {
  method: string;
  url: string;
  isPublic: boolean;
}

/** Who asked and from where, for the audit trail and the per-IP limits. */
/**
 * Resolves the session cookie on every API request, refuses anonymous calls to non-public routes,
 * and requires the session's CSRF token on every state-changing request.
 */
export function installAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('session', null);
  const catalog: RouteEntry[] = [];
  app.decorate('routeCatalog', catalog);
  app.addHook('onRoute', (route) => {
    const config = route.config as { isPublic?: boolean } | undefined;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      catalog.push({ method, url: route.url, isPublic: config?.isPublic === true });
    }
  });
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[sessionCookieName];
    request.session = token ? ((await resumeSession(ctx, token)) ?? null) : null;
    if (request.routeOptions.config.isPublic) return;
    if (!request.session) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
    if (!safeMethods.has(request.method) && request.headers['x-csrf-token'] !== request.session.csrfToken) {
      throw new AppError('CSRF_REJECTED', '请求校验失败，请刷新页面后重试');
    }
  });
}

/** The actor of an authenticated request (the preHandler guarantees one on non-public routes). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.session) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
  return request.session.actor;
}
