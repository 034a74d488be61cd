import type { AppConfig } from './config.ts';
import type { Database } from './db/database.ts';

/** What every service needs, passed explicitly so tests can build one per test database. */
export interface AppContext {
  db: Database;
  config: AppConfig;
  now: () => Date;
}
