import type { DataQualityWorker } from './data-quality/data-quality-worker.ts';
import type { OutboxWorker } from './outbox/outbox-worker.ts';
import type { AppConfig } from './config.ts';
import type { Database } from './db/database.ts';
import type { ReadRouter } from './db/read-routing.ts';

/** What every service needs, passed explicitly so tests can build one per test database. */
export interface AppContext {
  db: Database;
  /**
   * Routes the heavy reads of 汇总 and 报送进度 to a streaming replica (DATABASE_READ_URL) when it has replayed
   * the reader's own last write (db/read-routing.ts); undefined reads the primary. Everything that writes uses `db`.
   */
  replica?: ReadRouter;
  config: AppConfig;
  now: () => Date;
  /**
   * The outbox worker of this process (apps/server/src/outbox): a command that wrote outbox rows wakes it after
   * commit. Absent where no worker runs (scripts); tests drain it explicitly.
   */
  outbox?: OutboxWorker;
  /** The data-quality worker of this process: woken when a run is queued here; absent in scripts and tests. */
  dataQuality?: DataQualityWorker;
}
