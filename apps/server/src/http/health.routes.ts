import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../db/database.ts';
import { readOutboxHealth } from '../outbox/outbox.repository.ts';

/**
 * Liveness answers while the process runs; readiness only while the database answers too. Readiness also shows
 * the side-effect outbox's health (messages waiting, the oldest one's age, retries, failures, unfolded 汇总
 * deltas) for monitoring; a backlog does not make the instance unready, since taking it out of the load balancer
 * would not send a text sooner.
 */
export function healthRoutes(app: FastifyInstance, database: DatabaseHandle): void {
  app.get('/healthz', { config: { isPublic: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { isPublic: true } }, async (_request, reply) => {
    try {
      await database.ping();
      const outbox = await readOutboxHealth(database.db, new Date());
      return { status: 'ready', database: database.kind, outbox };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: database.kind });
    }
  });
}
