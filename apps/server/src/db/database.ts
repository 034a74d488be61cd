import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, realpath, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PostgresDialect, sql, type Compilable, type RawBuilder } from 'kysely';
import pg from 'pg';
import { pgliteConnectionConfig } from './pglite-stream.ts';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

/**
 * What stands for one opened database behind a Kysely instance, its transactions and its plugin-wrapped copies
 * alike (they share the dialect's adapter): in-process caches of reference data are kept per database with it,
 * so two databases in one process (the tests, a benchmark) never see each other's rows.
 */
export function databaseIdentityOf(db: Database): object {
  return db.getExecutor().adapter;
}

// SQL texts run as named prepared statements on PostgreSQL, each parsed and planned once per pooled connection
// instead of on every call: for the reads every request makes, planning took 0.15–0.2 ms of the database's CPU
// and executing them 0.03–0.09 ms. Only the program's own fixed texts are registered (reusableQuery,
// executePrepared), so the set stays small; the cap guards against a text that would vary by mistake.
const preparedStatementNames = new Map<string, string>();
const maxPreparedStatements = 200;

function prepareStatement(text: string): void {
  if (preparedStatementNames.has(text) || preparedStatementNames.size >= maxPreparedStatements) return;
  preparedStatementNames.set(text, `zhibao_${preparedStatementNames.size + 1}`);
}

/** A pg client that sends the registered texts as named prepared statements (pg prepares each once). */
class PreparingClient extends pg.Client {
  // Kysely calls query(text, parameters); every other form (a cursor, a config object) passes through.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length === 2 ? preparedStatementNames.get(text) : undefined;
    const query = super.query as (...queryArgs: unknown[]) => never;
    return name ? query.call(this, { name, text, values }) : query.apply(this, args);
  }
}

/**
 * Runs a statement whose text never varies (only its parameters do) as a prepared statement on PostgreSQL; for
 * the writes of every save and submission.
 */
export async function executePrepared<R>(db: Database, query: RawBuilder<R>): Promise<R[]> {
  const compiled = query.compile(db);
  prepareStatement(compiled.sql);
  return (await db.executeQuery(compiled)).rows;
}

/**
 * A query that runs on every request, built and compiled once per database and then run with each call's
 * parameters (as a prepared statement on PostgreSQL): building a Kysely query of twenty columns and four joins
 * cost more CPU than sending it. `build` gets stand-ins for the parameters, which must be single values used as
 * values (an array would be spread into one parameter per element, freezing its length into the SQL).
 */
export function reusableQuery<P extends Record<string, unknown>, R>(
  names: ReadonlyArray<keyof P>,
  // `execute` only gives the row type; the query is compiled, never executed as built.
  build: (db: Database, params: P) => Compilable & { execute(): Promise<R[]> },
): (db: Database, params: P) => Promise<R[]> {
  const templates = new WeakMap<object, { compiled: CompiledQuery<R>; slots: Array<keyof P | undefined> }>();
  return async (db, params) => {
    const identity = databaseIdentityOf(db);
    let template = templates.get(identity);
    if (!template) {
      const standIns = new Map<unknown, keyof P>(names.map((name) => [{ standIn: name }, name]));
      const compiled = build(
        db,
        Object.fromEntries([...standIns].map(([standIn, name]) => [name, standIn])) as P,
      ).compile();
      template = { compiled, slots: compiled.parameters.map((value) => standIns.get(value)) };
      prepareStatement(compiled.sql);
      templates.set(identity, template);
    }
    const { compiled, slots } = template;
    const parameters = compiled.parameters.map((value, i) => {
      const slot = slots[i];
      return slot === undefined ? value : params[slot];
    });
    const result = await db.executeQuery<R>({
      ...CompiledQuery.raw(compiled.sql, parameters),
      query: compiled.query,
    });
    return result.rows;
  };
}

export interface PostgresTarget {
  kind: 'postgres';
  url: string;
  /** Connections in the pool (10). */
  poolSize?: number;
  /** Named prepared statements (on unless a pooler in transaction mode cannot carry them). */
  preparedStatements?: boolean;
  /** How long a connection attempt may take before the database counts as unavailable (5 s). */
  connectTimeoutMs?: number;
}

export type DatabaseTarget = PostgresTarget | { kind: 'pglite'; dataDir: string | null };

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseTarget['kind'];
  /** Answers when the database takes queries; throws otherwise. */
  ping(): Promise<void>;
  /** Waits for running queries, then closes; PGlite flushes its data folder here. */
  close(): Promise<void>;
}

/**
 * Refuses named prepared statements behind a pooler that does not keep them: a statement prepared on one server
 * connection is asked for again after another client has taken that connection. In PgBouncer's transaction mode
 * (before 1.21's max_prepared_statements) the second use lands on another server connection and fails with
 * 26000; directly on PostgreSQL, or in session mode, the connection is the client's own and it succeeds.
 */
export async function assertPreparedStatementsHold(db: Database): Promise<void> {
  const probe = sql<{ probe: number }>`select 1 as probe, 'zhibao prepared statement probe' as purpose`;
  await db.connection().execute(async (first) => {
    await executePrepared(first, probe);
    await db.connection().execute(async (second) => {
      // The second client takes the server connection the first one just released, and holds it.
      await sql`begin`.execute(second);
      try {
        await sql`select 1`.execute(second);
        await executePrepared(first, probe);
      } catch (error) {
        if ((error as { code?: unknown }).code !== '26000') throw error;
        throw new PreparedStatementsUnsupported();
      } finally {
        await sql`rollback`.execute(second);
      }
    });
  });
}

/** The connection (a pooler in transaction mode) does not keep named prepared statements across transactions. */
export class PreparedStatementsUnsupported extends Error {
  constructor() {
    super(
      'DATABASE_PREPARED_STATEMENTS: the connection pooler in front of PostgreSQL does not keep named prepared statements across transactions (PgBouncer in transaction mode before 1.21); set DATABASE_PREPARED_STATEMENTS=false, or run the pooler in session mode',
    );
    this.name = 'PreparedStatementsUnsupported';
  }
}

/** Opens PostgreSQL (DATABASE_URL) or embedded PGlite (a data folder, or memory when dataDir is null). */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    // A database that does not answer a connection attempt within 5 s is reported unavailable (503) rather
    // than holding the request until the client gives up.
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      connectionTimeoutMillis: target.connectTimeoutMs ?? 5000,
      Client: target.preparedStatements === false ? pg.Client : PreparingClient,
    });
    // An idle connection the server dropped (restart, failover, a forced drop) leaves the pool by itself and
    // the next query reconnects; without a listener the error would crash the process.
    pool.on('error', (error) => console.warn(`PostgreSQL connection lost: ${error.message}`));
    // A connection that dies while checked out (a query or transaction under way) emits 'error' on its client
    // as well as failing the query; the pool listens only to idle clients, so without this the process would
    // crash. The failed query answers 503, and the pool drops the dead client when it is released.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return wrap(new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
  }
  if (!target.dataDir) return openPGlite(await PGlite.create());
  await mkdir(target.dataDir, { recursive: true });
  const unlock = await lockDataDir(target.dataDir);
  try {
    await initialiseDataDir(target.dataDir);
    return openPGlite(await PGlite.create(target.dataDir), unlock);
  } catch (error) {
    await unlock();
    throw error;
  }
}

// The production bundle copies this script beside main.js (build/server-bundle.ts), as it lies beside this file.
const initialiseScript = fileURLToPath(new URL('./pglite-init.child.mjs', import.meta.url));

/**
 * PGlite's initdb of a fresh data folder takes about 450 MB more than opening an initialised one, and the
 * process keeps most of it once freed (the allocator does not give it back), so the first start would run at
 * twice the memory of every later one. A short-lived process of its own initialises the folder instead.
 */
async function initialiseDataDir(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  await promisify(execFile)(process.execPath, [initialiseScript, dataDir]);
}

/**
 * Embedded PGlite behind the same driver as PostgreSQL (see PGliteStream): one client, since PGlite has one
 * backend; queries wait their turn for it, and a transaction holds it to the end.
 */
function openPGlite(pglite: PGlite, unlock?: () => Promise<void>): DatabaseHandle {
  const pool = new pg.Pool({
    max: 1,
    // The client stays for the life of the database, keeping its prepared statements.
    idleTimeoutMillis: 0,
    Client: PreparingClient,
    ...pgliteConnectionConfig(pglite),
  });
  return wrap(new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), 'pglite', async () => {
    await pglite.close();
    await unlock?.();
  });
}

/** Another process has the PGlite data folder open. */
export class DataDirInUse extends Error {
  constructor(dataDir: string) {
    super(`数据目录 ${dataDir} 正被另一个进程使用：PGlite 同一时间只能由一个进程打开，请先停止直报服务器`);
    this.name = 'DataDirInUse';
  }
}

function isAnswering(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(address);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * PGlite keeps no postmaster.pid: a second process on the same data folder (a `db:backup` while the server
 * runs, a second server) would read a stale state and could damage the folder when it checkpoints. The
 * holder listens on a local socket named after the folder; the socket dies with its process, so a crash
 * (SIGKILL) leaves nothing that blocks the next start.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const key = createHash('sha256')
    .update(await realpath(dataDir))
    .digest('hex')
    .slice(0, 16);
  const address =
    process.platform === 'win32' ? `\\\\?\\pipe\\zhibao-${key}` : path.join(tmpdir(), `zhibao-${key}.sock`);
  const lock = createServer((socket) => socket.end());
  lock.unref();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      lock.once('error', reject);
      lock.listen(address, () => {
        lock.off('error', reject);
        resolve();
      });
    });
  try {
    await listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    if (await isAnswering(address)) throw new DataDirInUse(dataDir);
    // Left behind by a process that died without closing it.
    await rm(address, { force: true });
    await listen();
  }
  return () => new Promise<void>((resolve) => lock.close(() => resolve()));
}

/** Socket errors and PostgreSQL codes (class 08 connection exception, 57P0x shutdown) of an unreachable server. */
const unavailableCodes =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN|08\w{3}|57P0[123]|53300)$/;

/** The pg driver's own errors for a connection that died or never came up; they carry no code. */
const unavailableMessages =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed/i;

/** Whether an error means the database cannot be reached (answered 503, retried later), not a wrong query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableCodes.test(code)) return true;
  if (code === undefined && unavailableMessages.test(error.message)) return true;
  // Node's fetch-style and AggregateError wrappers keep the socket error as the cause.
  return error.cause !== undefined && error.cause !== error && isDatabaseUnavailable(error.cause);
}

// PGlite's Emscripten runtime sets process.exitCode to 0 when it shuts down, which would hide the failure
// of whatever ran before (a test run, a CLI); the process keeps its own exit code.
async function closeKeepingExitCode(db: Database, afterClose?: () => Promise<void>): Promise<void> {
  const exitCode = process.exitCode;
  try {
    await db.destroy();
    await afterClose?.();
  } finally {
    process.exitCode = exitCode;
  }
}

function wrap(db: Database, kind: DatabaseTarget['kind'], afterClose?: () => Promise<void>): DatabaseHandle {
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => (closing ??= closeKeepingExitCode(db, afterClose)),
  };
}
