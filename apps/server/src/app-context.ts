import type { OutboxWorker } from './outbox/outbox-worker.ts';
import type { AppConfig } from './config.ts';
import type { Database } from './db/database.ts';

/** What every service needs, passed explicitly so tests can build one per test database. */
export interface AppContext {
  db: Database;
  /**
   * A read replica (DATABASE_READ_URL) for the heavy reads of 汇总 and 报送进度, which may lag the primary by
   * a moment; undefined reads the primary. Everything that writes, or must see its own writes, uses `db`.
   */
  readDb?: Database;
  config: AppConfig;
  now: () => Date;
  /**
   * The outbox worker of this process (apps/server/src/outbox): a command that wrote outbox rows wakes it after
   * commit. Absent where no worker runs (scripts); tests drain it explicitly.
   */
  outbox?: OutboxWorker;
}
