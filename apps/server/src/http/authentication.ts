import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import { isPolicyAction, policyConsultations, type PolicyAction } from '../access/policy.ts';
import { resumeSession, type SessionView } from '../account/session.service.ts';
import type { AppContext } from '../app-context.ts';
import { AppError } from './app-error.ts';
import { sessionCookieName } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionView | null;
    policyConsulted: PolicyAction[] | null;
  }
  interface FastifyInstance {
    /** Every route as registered, so tests can walk all of them (the access matrix) and nothing is missed. */
    routeCatalog: RouteEntry[];
    /** Told of every answered API request: what the route declared and what the policy was asked (tests). */
    policyObserver: ((consultation: PolicyConsultation) => void) | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session (login, health). */
    isPublic?: boolean;
    /** The policy action (access/policy.ts) the route's service authorizes; every non-public API route names one. */
    policy?: PolicyAction;
  }
}

export interface PolicyConsultation {
  method: string;
  url: string;
  statusCode: number;
  declared: PolicyAction | null;
  consulted: PolicyAction[];
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteEntry {
  method: string;
  url: string;
  isPublic: boolean;
  policy: PolicyAction | null;
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
    const config = route.config as { isPublic?: boolean; policy?: unknown } | undefined;
    if (config?.policy !== undefined && !isPolicyAction(config.policy)) {
      throw new Error(`${route.url}: unknown policy action ${String(config.policy)}`);
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      catalog.push({
        method,
        url: route.url,
        isPublic: config?.isPublic === true,
        policy: isPolicyAction(config?.policy) ? config.policy : null,
      });
    }
  });
  // Each request keeps the list of policy actions its service calls asked, so an answer can be checked against
  // the action its route declared.
  app.decorate('policyObserver', null);
  app.decorateRequest('policyConsulted', null);
  app.addHook('onRequest', (request, _reply, done) => {
    const consulted: PolicyAction[] = [];
    request.policyConsulted = consulted;
    policyConsultations.run(consulted, done);
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!app.policyObserver || !request.url.startsWith('/api/')) return;
    app.policyObserver({
      method: request.method,
      url: request.routeOptions.url ?? request.url,
      statusCode: reply.statusCode,
      declared: request.routeOptions.config.policy ?? null,
      consulted: request.policyConsulted ?? [],
    });
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
