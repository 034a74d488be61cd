import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { AppContext } from './app-context.ts';
import type { AppConfig } from './config.ts';
import { assertPreparedStatementsHold, openDatabase, type DatabaseHandle } from './db/database.ts';
import { createReadRouter } from './db/read-routing.ts';
import { migrateToLatest } from './db/migrate.ts';
import { isDatabaseEmpty, seedDemoData, seedReferenceData } from './db/seed/seed.ts';
import { createDataQualityWorker } from './data-quality/data-quality-worker.ts';
import { estimationsUnderWay } from './estimation/kept-estimates.ts';
import { createOutboxWorker } from './outbox/outbox-worker.ts';
import { personalDataCipher, withPersonalDataKeys } from './personal-data/personal-data.ts';
import { sealPersonalData } from './personal-data/seal-personal-data.ts';

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
export async function startServer(startConfig: AppConfig): Promise<RunningServer> {
  const database = await openDatabase(startConfig.database);
  let readDatabase: DatabaseHandle | undefined;
  try {
    // After the database is open: the default key file lies in the data folder, which PGlite initialises.
    const config = await withPersonalDataKeys(startConfig, new Date());
    if (config.database.kind === 'postgres' && config.database.preparedStatements !== false) {
      await assertPreparedStatementsHold(database.db);
    }
    await migrateToLatest(database.db);
    await sealPersonalData(database.db, personalDataCipher(config), {
      now: new Date(),
      scanRetentionDays: config.personalData.scanRetentionDays,
    });
    await seedReferenceData(database.db);
    const hasSeededDemo = config.isDemoEnabled && (await isDatabaseEmpty(database.db));
    if (hasSeededDemo) await seedDemoData(database.db, new Date(), personalDataCipher(config));

    // A replica that is down at start is no reason not to serve: reads skip it until it answers.
    readDatabase = config.readDatabase ? await openDatabase(config.readDatabase) : undefined;
    const ctx: AppContext = {
      db: database.db,
      replica: readDatabase && createReadRouter(database.db, readDatabase.db, config.readRouting),
      config,
      now: () => new Date(),
    };
    // The side-effect worker of this process: polls the outbox, and wakes at once after a commit here.
    const outbox = createOutboxWorker(ctx);
    ctx.outbox = outbox;
    // Data-quality runs queued by administrators, done in the background by whichever process claims them.
    const dataQuality = createDataQualityWorker(ctx);
    ctx.dataQuality = dataQuality;
    const app = await buildApp(ctx, database);
    const url = await app.listen({ host: config.host, port: config.port });
    outbox.start();
    dataQuality.start();
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
          await dataQuality.stop();
          // A 含推算 recomputation under way in the background ends before its database closes.
          await estimationsUnderWay(database.db);
          if (readDatabase) await estimationsUnderWay(readDatabase.db);
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
