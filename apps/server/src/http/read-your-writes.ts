import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { parseWalPosition, readAfterCookieName, readAfterPosition } from '../db/read-routing.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read-your-writes across a replica and several instances: a write that succeeded answers with the primary's
 * WAL position in a cookie, and each request carries it to the read router (db/read-routing.ts), which reads the
 * replica only once it has replayed that far. Without a replica nothing is added.
 */
export function installReadYourWrites(app: FastifyInstance, ctx: AppContext): void {
  const replica = ctx.replica;
  if (!replica) return;
  app.addHook('onRequest', (request, _reply, done) => {
    readAfterPosition.run({ lsn: parseWalPosition(request.cookies[readAfterCookieName]) }, done);
  });
  app.addHook('onSend', async (request, reply) => {
    if (safeMethods.has(request.method) || !request.url.startsWith('/api/') || reply.statusCode >= 400)
      return;
    try {
      reply.setCookie(readAfterCookieName, await replica.writePosition(), {
        path: '/api',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.environment === 'production' || request.protocol === 'https',
        // Replication lag is seconds; a position older than this is long replayed or the replica is skipped.
        maxAge: 600,
      });
    } catch {
      // The primary went away after the write committed: the next read finds the primary (or the promoted
      // replica) by itself.
    }
  });
}
