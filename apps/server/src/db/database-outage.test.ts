import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { AppContext } from '../app-context.ts';
import type { FastifyInstance } from 'fastify';
import { createEnterprise, createFiler } from '../test/factories.ts';
import { createScratchPostgresDatabase } from '../test/server-process.ts';
import { getAs, signIn, testConfig, type SignedIn } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { isDatabaseUnavailable, openDatabase, type DatabaseHandle } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { seedReferenceData } from './seed/seed.ts';

/**
 * A TCP proxy between the server's pool and PostgreSQL that the test can cut: either nothing listens any
 * more (connection refused), or connections are accepted and dropped at once (terminated unexpectedly).
 */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  mode: 'pass' | 'drop' = 'pass';

  constructor(
    readonly port: number,
    private readonly upstream: { host: string; port: number },
  ) {}

  async listen(): Promise<void> {
    this.server = createServer((client) => {
      if (this.mode === 'drop') {
        client.destroy();
        return;
      }
      const server = createConnection(this.upstream);
      for (const socket of [client, server]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** Kills every connection under way; with `refuse`, also stops listening. */
  async cut(how: 'refuse' | 'drop'): Promise<void> {
    this.mode = how === 'drop' ? 'drop' : 'pass';
    if (how === 'refuse') {
      const closed = new Promise((resolve) => this.server!.close(resolve));
      for (const socket of this.sockets) socket.destroy();
      await closed;
    } else {
      for (const socket of this.sockets) socket.destroy();
    }
  }

  async restore(): Promise<void> {
    this.mode = 'pass';
    if (!this.server?.listening) await this.listen();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (this.server?.listening) await new Promise((resolve) => this.server!.close(resolve));
  }
}

async function freeProxyPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('what counts as the database being unavailable', () => {
  it('recognises refused and dropped connections and PostgreSQL shutting down, not a bad query', () => {
    const withCode = (code: string) => Object.assign(new Error('x'), { code });
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('57P01'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('08006'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe(true);
    expect(isDatabaseUnavailable(withCode('23505'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('42P01'))).toBe(false);
  });
});

// An embedded PGlite runs in the server's process and cannot lose its connection: PostgreSQL only.
describe.each(databaseKinds.filter((kind) => kind === 'postgres'))('an outage of %s', () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;
  let proxy: CuttableProxy;
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let filer: SignedIn;

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase('zhibao_outage');
    const direct = new URL(scratch.url);
    proxy = new CuttableProxy(await freeProxyPort(), {
      host: direct.hostname,
      port: Number(direct.port || 5432),
    });
    await proxy.listen();
    const viaProxy = new URL(scratch.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    database = await openDatabase({ kind: 'postgres', url: viaProxy.toString() });
    await migrateToLatest(database.db);
    await seedReferenceData(database.db);
    const enterprise = await createEnterprise(database.db, { regionCode: '440305' });
    const account = await createFiler(database.db, enterprise);
    const ctx: AppContext = {
      db: database.db,
      config: testConfig(),
      now: () => new Date(),
    };
    app = await buildApp(ctx, database);
    filer = await signIn(app, account.username, account.password);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await proxy?.close();
    await scratch?.drop();
  });

  const tasks = () => getAs(app, filer, '/api/enterprise/tasks');
  const ready = () => app.inject({ method: 'GET', url: '/readyz' });

  it.each(['refuse', 'drop'] as const)(
    'answers 503 while the database is cut (%s) and recovers by itself when it is back',
    async (how) => {
      expect((await tasks()).statusCode).toBe(200);
      expect((await ready()).statusCode).toBe(200);

      await proxy.cut(how);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const refused = await tasks();
        expect(refused.statusCode).toBe(503);
        expect(refused.headers['content-type']).toContain('application/problem+json');
        expect(refused.json()).toMatchObject({
          code: 'DATABASE_UNAVAILABLE',
          detail: '数据库暂时不可用，请稍后重试',
        });
      }
      expect((await ready()).statusCode).toBe(503);
      expect((await ready()).json()).toMatchObject({ status: 'unavailable' });

      await proxy.restore();
      const again = await tasks();
      expect(again.statusCode).toBe(200);
      expect(again.json()).toHaveProperty('items');
      expect((await ready()).statusCode).toBe(200);
    },
  );
});
