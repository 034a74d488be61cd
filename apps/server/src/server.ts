import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { AppContext } from './app-context.ts';
import type { AppConfig } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { isDatabaseEmpty, seedDemoData, seedReferenceData } from './db/seed/seed.ts';
import { createOutboxWorker } from './outbox/outbox-worker.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  url: string;
  /** Whether demo data was seeded by this start (the first start of an empty database). */
  hasSeededDemo: boolean;
  /** Stops taking requests, lets running ones finish, then closes the database cleanly. */
  stop(): Promise<void>;
}

/** Opens the database, migrates and seeds it, and starts listening. */
export async function startServer(config: AppConfig): Promise<RunningServer> {
  const database = await openDatabase(config.database);
  let readDatabase: DatabaseHandle | undefined;
  try {
    await migrateToLatest(database.db);
    await seedReferenceData(database.db);
    const hasSeededDemo = config.isDemoEnabled && (await isDatabaseEmpty(database.db));
    if (hasSeededDemo) await seedDemoData(database.db, new Date());

    // The replica is opened after the primary is migrated; a replica that is down fails the start loudly.
    readDatabase = config.readDatabase ? await openDatabase(config.readDatabase) : undefined;
    await readDatabase?.ping();
    const ctx: AppContext = { db: database.db, readDb: readDatabase?.db, config, now: () => new Date() };
    // The side-effect worker of this process: polls the outbox, and wakes at once after a commit here.
    const outbox = createOutboxWorker(ctx);
    ctx.outbox = outbox;
    const app = await buildApp(ctx, database);
    const url = await app.listen({ host: config.host, port: config.port });
    outbox.start();
    let stopping: Promise<void> | undefined;
    return {
      app,
      database,
      url,
      hasSeededDemo,
      stop: () =>
        (stopping ??= (async () => {
          // Requests under way finish; keep-alive connections that fall idle meanwhile are closed at once
          // instead of after the keep-alive timeout.
          const closing = app.close();
          const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
          try {
            await closing;
          } finally {
            clearInterval(sweeper);
          }
          // The pass under way finishes (what it claimed is done or released); the rest waits for the next start.
          await outbox.stop();
          await readDatabase?.close();
          await database.close();
        })()),
    };
  } catch (error) {
    await readDatabase?.close();
    await database.close();
    throw error;
  }
}
