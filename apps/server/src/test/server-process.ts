import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { testPersonalDataKeys } from './test-app.ts';

const serverDir = path.resolve(import.meta.dirname, '../..');

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Where the server process keeps its data: a PGlite data folder, or a PostgreSQL database. */
export type ServerStorage = { dataDir: string } | { databaseUrl: string };

/**
 * The real server as a child process with demo data, as an operator would start it: `src/main.ts` through tsx
 * (the sources under test, no build needed), or the compiled bundle when `entry` names its main.js; `env` adds or
 * overrides settings.
 */
export function startServerProcess(
  storage: ServerStorage,
  port: number,
  options: { env?: NodeJS.ProcessEnv; entry?: string[] } = {},
): ChildProcess {
  const child = spawn(process.execPath, options.entry ?? ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      DATABASE_URL: 'databaseUrl' in storage ? storage.databaseUrl : '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...('dataDir' in storage ? { DATA_DIR: storage.dataDir } : {}),
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'true',
      // The keys the tests' factories seal personal data with, so the process opens what a test wrote beforehand.
      PERSONAL_DATA_KEYS: JSON.stringify(testPersonalDataKeys),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // What the process writes goes on to the test's own output, and its last lines into the error when it does
  // not become ready.
  let output = '';
  const keep = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    stream.write(chunk);
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep(process.stdout));
  child.stderr?.on('data', keep(process.stderr));
  recentOutput.set(child, () => output);
  return child;
}

const recentOutput = new WeakMap<ChildProcess, () => string>();

/** A started server process, ready, at its own address. */
export interface ServerInstance {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts the real server on a free port and waits until it is ready; `stop` ends it as an operator would. */
export async function startServerInstance(
  storage: ServerStorage,
  env: NodeJS.ProcessEnv = {},
): Promise<ServerInstance> {
  const port = await freePort();
  const child = startServerProcess(storage, port, { env });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exitCodeOf(child);
    },
  };
}

/** Waits until /readyz answers 200; otherwise says what it last answered and what the process last wrote. */
export async function waitUntilReady(base: string, child: ChildProcess): Promise<void> {
  let lastAnswer = 'not listening';
  const output = () => recentOutput.get(child)?.() || '(nothing)';
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    if (child.exitCode !== null) {
      throw new Error(`server exited early with code ${child.exitCode}; it wrote: ${output()}`);
    }
    try {
      const answer = await fetch(`${base}/readyz`);
      if (answer.ok) return;
      lastAnswer = `${answer.status} ${await answer.text()}`;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not become ready (/readyz: ${lastAnswer}); it wrote: ${output()}`);
}

/** The exit code, or null when a signal ended the process. */
export function exitCodeOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', resolve));
}

/** A new, empty database on the PostgreSQL server of TEST_DATABASE_URL, and how to drop it afterwards. */
export async function createScratchPostgresDatabase(
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
