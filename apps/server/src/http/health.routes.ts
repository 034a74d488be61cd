import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../db/database.ts';

/** Liveness answers while the process runs; readiness only while the database answers too. */
export function healthRoutes(app: FastifyInstance, database: DatabaseHandle): void {
  app.get('/healthz', { config: { isPublic: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { isPublic: true } }, async (_request, reply) => {
    try {
      await database.ping();
      return { status: 'ready', database: database.kind };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: database.kind });
    }
  });
}
