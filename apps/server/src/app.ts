import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { accountRoutes } from './account/account.routes.ts';
import { sessionRoutes } from './account/session.routes.ts';
import type { AppContext } from './app-context.ts';
import { aggregationRoutes } from './aggregation/aggregation.routes.ts';
import { changeRequestRoutes } from './change-request/change-request.routes.ts';
import { completenessRoutes } from './completeness/completeness.routes.ts';
import type { DatabaseHandle } from './db/database.ts';
import { enterpriseRoutes } from './enterprise/enterprise.routes.ts';
import { exportRoutes } from './export/export.routes.ts';
import { exchangeRoutes } from './exchange/exchange.routes.ts';
import { publicationRoutes } from './publication/publication.routes.ts';
import { filingHistoryRoutes } from './filing/filing-history.routes.ts';
import { filingRoutes } from './filing/filing.routes.ts';
import { installAuthentication } from './http/authentication.ts';
import { installReadYourWrites } from './http/read-your-writes.ts';
import { answerFrameworkError, installErrorHandler } from './http/error-handler.ts';
import { healthRoutes } from './http/health.routes.ts';
import { redactingLoggerOptions } from './http/log-redaction.ts';
import { identityRoutes } from './identity/identity.routes.ts';
import { movingInRoutes } from './moving-in/moving-in.routes.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installTextSafety } from './http/text-safety.ts';
import { serveWebApp } from './http/web-app.ts';
import { noticeRoutes } from './notice/notice.routes.ts';
import { announcementRoutes } from './notice/announcement.routes.ts';
import { reviewChainRoutes } from './review/review-chain.routes.ts';
import { outlierRoutes } from './outlier/outlier.routes.ts';
import { dataQualityRoutes } from './data-quality/data-quality.routes.ts';
import { reviewRoutes } from './review/review.routes.ts';
import { ruleSwitchRoutes } from './rule-switch/rule-switch.routes.ts';
import { smsOutboxRoutes } from './sms/sms-outbox.routes.ts';
import { taskApplicationRoutes } from './task-application/task-application.routes.ts';
import { taskRoutes } from './task/task.routes.ts';

/**
 * Builds the HTTP application: plugins, the authentication hook, every domain's routes, and the web app. Logs go
 * to standard output, or to `options.logDestination`.
 */
export async function buildApp(
  ctx: AppContext,
  database: DatabaseHandle,
  options: { logDestination?: { write(line: string): void } } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      ctx.config.logLevel === 'silent'
        ? false
        : {
            level: ctx.config.logLevel,
            ...redactingLoggerOptions,
            ...(options.logDestination ? { stream: options.logDestination } : {}),
          },
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    frameworkErrors: answerFrameworkError,
    return503OnClosing: true,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await installSecurityHeaders(app);
  await app.register(fastifyCookie);
  installErrorHandler(app);
  installAuthentication(app, ctx);
  installReadYourWrites(app, ctx);
  installTextSafety(app);

  healthRoutes(app, database);
  sessionRoutes(app, ctx);
  identityRoutes(app, ctx);
  movingInRoutes(app, ctx);
  accountRoutes(app, ctx);
  smsOutboxRoutes(app, ctx);
  filingRoutes(app, ctx);
  exportRoutes(app, ctx);
  taskApplicationRoutes(app, ctx);
  enterpriseRoutes(app, ctx);
  completenessRoutes(app, ctx);
  taskRoutes(app, ctx);
  reviewRoutes(app, ctx);
  ruleSwitchRoutes(app, ctx);
  outlierRoutes(app, ctx);
  dataQualityRoutes(app, ctx);
  reviewChainRoutes(app, ctx);
  aggregationRoutes(app, ctx);
  publicationRoutes(app, ctx);
  exchangeRoutes(app, ctx);
  noticeRoutes(app, ctx);
  announcementRoutes(app, ctx);
  filingHistoryRoutes(app, ctx);
  changeRequestRoutes(app, ctx);
  await serveWebApp(app, ctx.config.webDistDir);
  return app;
}
