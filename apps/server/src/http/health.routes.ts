import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../db/database.ts';
import { readOutboxHealth } from '../outbox/outbox.repository.ts';

const readinessTimeoutMs = 2000;

function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

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
      // A database behind a pooler may hold the ping rather than refuse it (its server away, a failover under
      // way): two seconds without an answer count as unavailable.
      await withinTime(database.ping(), readinessTimeoutMs);
      const outbox = await readOutboxHealth(database.db, new Date());
      return { status: 'ready', database: database.kind, outbox };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: database.kind });
    }
  });
}
