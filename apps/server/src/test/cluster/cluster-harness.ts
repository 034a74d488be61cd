import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { repoRoot } from '../../config.ts';
import { freePort } from '../server-process.ts';

// A real PostgreSQL primary with a streaming replica, PgBouncer and nginx, built in temporary folders from the
// machine's own binaries with the configuration files in deploy/cluster/ — the deployment docs/deployment.md
// draws, for the cluster test and benchmark. Everything started here is stopped by `stop()`, and killed when the
// test process exits.

const configDir = path.join(repoRoot, 'deploy/cluster');

interface ClusterTools {
  postgresBin: string;
  pgbouncer: string;
  nginx: string;
}

function findPostgresBin(): string | null {
  const candidates = [
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => `/usr/lib/postgresql/${version}/bin`)
      : []),
    '/usr/local/pgsql/bin',
  ];
  try {
    candidates.unshift(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on the PATH
  }
  return (
    candidates.find((dir) =>
      ['postgres', 'initdb', 'pg_basebackup'].every((tool) => existsSync(path.join(dir, tool))),
    ) ?? null
  );
}

function findExecutable(name: string): string | null {
  return (
    ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin']
      .map((dir) => path.join(dir, name))
      .find((file) => existsSync(file)) ?? null
  );
}

/** The binaries the cluster needs, or why they are missing (the cluster test says so and does not run). */
export function findClusterTools(): { tools: ClusterTools } | { missing: string } {
  const postgresBin = findPostgresBin();
  const pgbouncer = findExecutable('pgbouncer');
  const nginx = findExecutable('nginx');
  const missing = [
    postgresBin ? null : 'PostgreSQL server binaries (postgres, initdb, pg_basebackup)',
    pgbouncer ? null : 'pgbouncer',
    nginx ? null : 'nginx',
  ].filter(Boolean);
  if (missing.length > 0) {
    return {
      missing: `${missing.join(', ')} not found (Debian: apt-get install postgresql pgbouncer nginx-light)`,
    };
  }
  return { tools: { postgresBin: postgresBin!, pgbouncer: pgbouncer!, nginx: nginx! } };
}

/** PostgreSQL and PgBouncer refuse to run as root: as root, they run as the machine's postgres user. */
function serviceUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  return { uid, gid };
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

interface Service {
  child: ChildProcess;
  /** The last lines the process wrote to stderr, for the error when it does not come up. */
  recentOutput(): string;
}

function start(command: string, args: string[], asServiceUser = true): Service {
  const child = spawn(command, args, {
    ...(asServiceUser ? serviceUser() : undefined),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.once('exit', () => running.delete(child));
  return { child, recentOutput: () => output };
}

function run(command: string, args: string[]): void {
  execFileSync(command, args, { ...serviceUser(), stdio: ['ignore', 'ignore', 'pipe'] });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    if (!(key in values)) throw new Error(`no value for {{${key}}}`);
    return String(values[key]);
  });
}

export interface PostgresServer {
  port: number;
  dataDir: string;
  /** postgres://…/<database> on this server. */
  url(database?: string): string;
}

export interface PostgresCluster {
  primary: PostgresServer;
  replica: PostgresServer;
  /** The replica replays commits only after this delay (a lagging replica on demand); 0 turns it off. */
  setReplicaApplyDelay(ms: number): Promise<void>;
  /** Stops the primary at once, as a crash would (immediate shutdown: no checkpoint, clients cut off). */
  crashPrimary(): Promise<void>;
  /** What every session on the primary is doing now (state, what it waits for, its statement), a line each. */
  primaryActivity(): Promise<string>;
  /** Promotes the replica to a primary that takes writes, and waits until it does. */
  promoteReplica(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A primary and a streaming replica on free ports (`initdb`, `pg_basebackup -R`), with deploy/cluster/
 * postgresql.conf; with `synchronous`, a commit is acknowledged only once the replica has flushed it.
 */
export async function startPostgresCluster(
  tools: ClusterTools,
  options: { synchronous: boolean },
): Promise<PostgresCluster> {
  const root = await mkdtemp(path.join(tmpdir(), 'zhibao-cluster-'));
  const user = serviceUser();
  if (user) await chown(root, user.uid, user.gid);
  const bin = (tool: string) => path.join(tools.postgresBin, tool);
  const children: ChildProcess[] = [];
  const standbyName = 'zhibao_replica';

  const server = async (name: string): Promise<PostgresServer> => {
    const port = await freePort();
    const dataDir = path.join(root, name);
    return {
      port,
      dataDir,
      url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    };
  };
  const startServer = async (target: PostgresServer, extra: string[]) => {
    const { child, recentOutput } = start(bin('postgres'), [
      '-D',
      target.dataDir,
      '-p',
      String(target.port),
      ...extra,
    ]);
    children.push(child);
    await waitFor(`PostgreSQL on port ${target.port}`, async () => {
      if (child.exitCode !== null) throw new Error(`postgres exited: ${recentOutput()}`);
      await query(target.url(), 'select 1');
      return true;
    });
    return child;
  };

  const primary = await server('primary');
  const replica = await server('replica');
  let primaryProcess: ChildProcess | undefined;
  let replicaProcess: ChildProcess | undefined;
  const stop = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
    await Promise.all(children.map(exited));
    await rm(root, { recursive: true, force: true });
  };
  try {
    run(bin('initdb'), [
      '-D',
      primary.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
    ]);
    await writeFile(
      path.join(primary.dataDir, 'postgresql.conf'),
      `${await readFile(path.join(primary.dataDir, 'postgresql.conf'), 'utf8')}\ninclude '${path.join(configDir, 'postgresql.conf')}'\n`,
    );
    primaryProcess = await startServer(primary, []);
    await query(primary.url(), 'create database zhibao');

    run(bin('pg_basebackup'), [
      '-d',
      `host=127.0.0.1 port=${primary.port} user=postgres application_name=${standbyName}`,
      '-D',
      replica.dataDir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
    ]);
    // The standby names itself so the primary can wait for it (synchronous_standby_names).
    const autoConf = path.join(replica.dataDir, 'postgresql.auto.conf');
    await writeFile(
      autoConf,
      `${await readFile(autoConf, 'utf8')}primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres application_name=${standbyName}'\n`,
    );
    replicaProcess = await startServer(replica, []);
    await waitFor('the replica streaming from the primary', async () => {
      const rows = await query<{ state: string }>(
        primary.url(),
        'select state from pg_stat_replication where application_name = $1',
        [standbyName],
      );
      return rows[0]?.state === 'streaming';
    });
    // Synchronous only once the standby streams: before, every commit on the primary would wait for it.
    if (options.synchronous) {
      await query(primary.url(), `alter system set synchronous_standby_names = '${standbyName}'`);
      await query(primary.url(), 'select pg_reload_conf()');
      await waitFor('the replica to become the synchronous standby', async () => {
        const rows = await query<{ sync_state: string }>(
          primary.url(),
          'select sync_state from pg_stat_replication where application_name = $1',
          [standbyName],
        );
        return rows[0]?.sync_state === 'sync';
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    primary,
    replica,
    async setReplicaApplyDelay(ms) {
      const autoConf = path.join(replica.dataDir, 'postgresql.auto.conf');
      const kept = (await readFile(autoConf, 'utf8'))
        .split('\n')
        .filter((line) => !line.startsWith('recovery_min_apply_delay'))
        .join('\n');
      await writeFile(autoConf, `${kept.trimEnd()}\nrecovery_min_apply_delay = '${ms}ms'\n`);
      replicaProcess!.kill('SIGHUP');
      await waitFor('the replica to take the new apply delay', async () => {
        const rows = await query<{ setting: string }>(
          replica.url(),
          "select setting from pg_settings where name = 'recovery_min_apply_delay'",
        );
        return rows[0]?.setting === String(ms);
      });
    },
    async crashPrimary() {
      primaryProcess!.kill('SIGQUIT');
      await exited(primaryProcess!);
    },
    async primaryActivity() {
      const rows = await query<Record<string, unknown>>(
        primary.url(),
        `select pid, datname, application_name, backend_type, state, wait_event_type, wait_event,
                now() - xact_start as in_transaction, left(query, 160) as query
           from pg_stat_activity where pid <> pg_backend_pid()`,
      );
      return rows.map((row) => JSON.stringify(row)).join('\n');
    },
    async promoteReplica() {
      await query(replica.url(), 'select pg_promote(true, 60)');
      await waitFor('the promoted replica to take writes', async () => {
        const rows = await query<{ recovering: boolean }>(
          replica.url(),
          'select pg_is_in_recovery() as recovering',
        );
        return rows[0]?.recovering === false;
      });
    },
    stop,
  };
}

export interface PgBouncer {
  port: number;
  /** The transaction-mode entry (`zhibao`) or the session-mode one (`zhibao_session`). */
  url(mode: 'transaction' | 'session'): string;
  /** Points both entries at another PostgreSQL server and reloads (a failover). */
  repoint(primaryPort: number): Promise<void>;
  /** The last lines of PgBouncer's log, for an error that needs explaining. */
  recentLog(): Promise<string>;
  stop(): Promise<void>;
}

/** Debian's PgBouncer with deploy/cluster/pgbouncer.ini, in front of the primary. */
export async function startPgBouncer(tools: ClusterTools, primaryPort: number): Promise<PgBouncer> {
  const runDir = await mkdtemp(path.join(tmpdir(), 'zhibao-pgbouncer-'));
  const user = serviceUser();
  if (user) await chown(runDir, user.uid, user.gid);
  const port = await freePort();
  const template = await readFile(path.join(configDir, 'pgbouncer.ini'), 'utf8');
  const iniFile = path.join(runDir, 'pgbouncer.ini');
  const writeIni = (target: number) =>
    writeFile(iniFile, fill(template, { PRIMARY_PORT: target, LISTEN_PORT: port, RUN_DIR: runDir }));
  await writeIni(primaryPort);
  const { child } = start(tools.pgbouncer, [iniFile]);
  const url = (mode: 'transaction' | 'session') =>
    `postgres://postgres@127.0.0.1:${port}/${mode === 'transaction' ? 'zhibao' : 'zhibao_session'}`;
  await waitFor('PgBouncer', async () => {
    if (child.exitCode !== null)
      throw new Error(
        `pgbouncer exited: ${await readFile(path.join(runDir, 'pgbouncer.log'), 'utf8').catch(() => '')}`,
      );
    await query(url('transaction'), 'select 1');
    return true;
  });
  return {
    port,
    url,
    async repoint(target) {
      await writeIni(target);
      child.kill('SIGHUP');
    },
    async recentLog() {
      return (await readFile(path.join(runDir, 'pgbouncer.log'), 'utf8').catch(() => '')).slice(-3000);
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited(child);
      await rm(runDir, { recursive: true, force: true });
    },
  };
}

export interface Nginx {
  url: string;
  stop(): Promise<void>;
}

/** Debian's nginx with deploy/cluster/nginx.conf, balancing over two instances. */
export async function startNginx(tools: ClusterTools, instancePorts: [number, number]): Promise<Nginx> {
  const runDir = await mkdtemp(path.join(tmpdir(), 'zhibao-nginx-'));
  // As root, nginx's workers run as nobody and must reach their temporary folders here.
  await chmod(runDir, 0o755);
  const port = await freePort();
  const confFile = path.join(runDir, 'nginx.conf');
  await writeFile(
    confFile,
    fill(await readFile(path.join(configDir, 'nginx.conf'), 'utf8'), {
      RUN_DIR: runDir,
      LISTEN_PORT: port,
      INSTANCE_A_PORT: instancePorts[0],
      INSTANCE_B_PORT: instancePorts[1],
    }),
  );
  const { child } = start(
    tools.nginx,
    ['-p', runDir, '-c', confFile, '-e', path.join(runDir, 'nginx-error.log')],
    false,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor('nginx', async () => {
    if (child.exitCode !== null)
      throw new Error(
        `nginx exited: ${await readFile(path.join(runDir, 'nginx-error.log'), 'utf8').catch(() => '')}`,
      );
    await fetch(`${url}/healthz`);
    return true;
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited(child);
      await rm(runDir, { recursive: true, force: true });
    },
  };
}
