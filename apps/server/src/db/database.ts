import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseTarget['kind'];
  /** Answers when the database takes queries; throws otherwise. */
  ping(): Promise<void>;
  /** Waits for running queries, then closes; PGlite flushes its data folder here. */
  close(): Promise<void>;
}

/** Opens PostgreSQL (DATABASE_URL) or embedded PGlite (a data folder, or memory when dataDir is null). */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // An idle connection the server dropped (restart, failover, a forced drop) leaves the pool by itself and
    // the next query reconnects; without a listener the error would crash the process.
    pool.on('error', (error) => console.warn(`PostgreSQL connection lost: ${error.message}`));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return wrap(db, 'postgres');
  }
  if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
  const pglite = target.dataDir ? await PGlite.create(target.dataDir) : await PGlite.create();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return wrap(db, 'pglite');
}

// PGlite's Emscripten runtime sets process.exitCode to 0 when it shuts down, which would hide the failure
// of whatever ran before (a test run, a CLI); the process keeps its own exit code.
async function closeKeepingExitCode(db: Database): Promise<void> {
  const exitCode = process.exitCode;
  try {
    await db.destroy();
  } finally {
    process.exitCode = exitCode;
  }
}

function wrap(db: Database, kind: DatabaseTarget['kind']): DatabaseHandle {
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => (closing ??= closeKeepingExitCode(db)),
  };
}
