import { createSampleFiling, getEdition } from '@zhibao/survey';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { openDatabase, PreparedStatementsUnsupported } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedReferenceData } from './db/seed/seed.ts';
import { startServer } from './server.ts';
import {
  findClusterTools,
  startNginx,
  startPgBouncer,
  startPostgresCluster,
  type Nginx,
  type PgBouncer,
  type PostgresCluster,
} from './test/cluster/cluster-harness.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from './test/factories.ts';
import { call, logIn, type Session, type Target } from './test/http-session.ts';
import { startServerInstance, type ServerInstance } from './test/server-process.ts';

// The deployment docs/deployment.md draws, on the real engine: a PostgreSQL primary with a synchronous streaming
// replica, PgBouncer in front of the primary, two server instances behind nginx reading 汇总 and 报送进度 from the
// replica. Built from the machine's own binaries (deploy/cluster/ holds the configuration); where they are
// missing, the suite says which and does not run.

const found = findClusterTools();
if ('missing' in found) console.warn(`cluster test not run: ${found.missing}`);

const monthly = (seed: number) =>
  createSampleFiling(getEdition('2021'), { periodType: 'month', seed, monthIndex: 10 });
type Values = ReturnType<typeof monthly>;

/** The session with the cookies a response set (the read-your-writes position among them), as a browser keeps them. */
function keepCookies(session: Session, headers: Headers): Session {
  const jar = new Map(session.cookie.split('; ').map((pair) => [pair.split('=')[0]!, pair]));
  for (const line of headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    jar.set(pair.split('=')[0]!, pair);
  }
  return { ...session, cookie: [...jar.values()].join('; ') };
}

const withoutReadPosition = (session: Session): Session => ({
  ...session,
  cookie: session.cookie
    .split('; ')
    .filter((pair) => !pair.startsWith('zhibao_read_after='))
    .join('; '),
});

describe.skipIf('missing' in found)(
  `a primary with a synchronous replica, PgBouncer and two instances behind nginx${'missing' in found ? ` (not run: ${found.missing})` : ''}`,
  () => {
    const tools = 'tools' in found ? found.tools : (undefined as never);
    let cluster: PostgresCluster;
    let bouncer: PgBouncer;
    let nginx: Nginx;
    let instances: ServerInstance[] = [];
    let sessionInstance: ServerInstance;
    let taskId: string;
    let district: { username: string; password: string };
    const filers: Array<{ username: string; password: string }> = [];
    const awaitingReview: string[] = [];

    beforeAll(async () => {
      cluster = await startPostgresCluster(tools, { synchronous: true });
      const handle = await openDatabase({ kind: 'postgres', url: cluster.primary.url('zhibao') });
      try {
        await migrateToLatest(handle.db);
        await seedReferenceData(handle.db);
        taskId = (await createTask(handle.db, { period: '2026-11' })).id;
        district = await createAdmin(handle.db, { adminLevel: 'county', regionCode: '440305' });
        for (let i = 0; i < 32; i += 1) {
          const enterprise = await createEnterprise(handle.db, { regionCode: '440305' });
          filers.push(await createFiler(handle.db, enterprise));
        }
        // Filings already submitted, for the district to approve one by one.
        for (let i = 0; i < 100; i += 1) {
          const enterprise = await createEnterprise(handle.db, { regionCode: '440305' });
          const filer = await createFiler(handle.db, enterprise);
          const filing = await createFiling(handle.db, {
            taskId,
            enterpriseId: enterprise.id,
            userId: await userIdOf(handle.db, filer.username),
            status: 'submitted',
            values: monthly(i + 100),
          });
          awaitingReview.push(filing.id);
        }
      } finally {
        await handle.close();
      }
      bouncer = await startPgBouncer(tools, cluster.primary.port);
      // The failover drill makes every instance log each request the outage refused; the test asserts on them.
      const settings = {
        LOG_LEVEL: 'fatal',
        DEMO_DATA: 'false',
        WEB_DIST_DIR: '/nonexistent',
        TRUST_PROXY: 'true',
      };
      // An instance that does not come up is explained by what the primary's sessions and PgBouncer were doing.
      const startInstance = async (...args: Parameters<typeof startServerInstance>) => {
        try {
          return await startServerInstance(...args);
        } catch (error) {
          const activity = await cluster.primaryActivity().catch((reason: unknown) => String(reason));
          throw new Error(
            `${(error as Error).message}\n-- the primary's sessions:\n${activity}\n-- PgBouncer's log:\n${await bouncer.recentLog()}`,
            { cause: error },
          );
        }
      };
      instances = await Promise.all(
        [0, 1].map(() =>
          startInstance(
            { databaseUrl: bouncer.url('transaction') },
            {
              ...settings,
              DATABASE_PREPARED_STATEMENTS: 'false',
              DATABASE_READ_URL: cluster.replica.url('zhibao'),
              DATABASE_READ_MAX_WAIT_MS: '5000',
            },
          ),
        ),
      );
      sessionInstance = await startInstance({ databaseUrl: bouncer.url('session') }, settings);
      nginx = await startNginx(tools, [instances[0]!.port, instances[1]!.port]);
    }, 240_000);

    afterAll(async () => {
      await nginx?.stop();
      await Promise.all([...instances, sessionInstance].map((instance) => instance?.stop()));
      await bouncer?.stop();
      await cluster?.stop();
    }, 60_000);

    it('refuses to start with named prepared statements behind PgBouncer in transaction mode', async () => {
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: bouncer.url('transaction'),
        PORT: '0',
        DEMO_DATA: 'false',
      });
      await expect(startServer(config)).rejects.toBeInstanceOf(PreparedStatementsUnsupported);
    });

    // Kysely's session-level migration lock, released through PgBouncer in transaction mode on another server
    // connection than it was taken on, stayed held: the next instance to start waited at its migration for an hour.
    it('lets instances start together through PgBouncer in transaction mode, leaving no migration lock held', async () => {
      // Kysely's migration lock (PostgresAdapter's LOCK_ID); the running instances take advisory locks of their own.
      const kyselyMigrationLock = '3853314791062309107';
      const migrationLocksHeld = async () => {
        const client = new pg.Client({ connectionString: cluster.primary.url('zhibao') });
        await client.connect();
        try {
          const { rows } = await client.query<{ held: number }>(
            `select count(*)::int as held from pg_locks
              where locktype = 'advisory' and ((classid::bigint << 32) | objid::bigint) = ${kyselyMigrationLock}`,
          );
          return rows[0]!.held;
        } finally {
          await client.end();
        }
      };
      for (let round = 0; round < 10; round += 1) {
        const handles = await Promise.all(
          [0, 1, 2].map(() =>
            openDatabase({ kind: 'postgres', url: bouncer.url('transaction'), preparedStatements: false }),
          ),
        );
        try {
          await Promise.all(handles.map((handle) => migrateToLatest(handle.db)));
        } finally {
          await Promise.all(handles.map((handle) => handle.close()));
        }
        expect(await migrationLocksHeld()).toBe(0);
      }
    });

    // A filer saves and submits, the district approves, 汇总 and 报送进度 count it — every request through the pooler.
    async function journey(target: Target, filer: { username: string; password: string }, seed: number) {
      const person = await logIn(target, target, filer);
      const filingUrl = `/api/enterprise/tasks/${taskId}/filing`;
      const saved = await call(target, 'PUT', filingUrl, {
        session: person,
        body: { version: null, values: monthly(seed) },
      });
      expect(saved.status).toBe(200);
      const submitted = await call(target, 'POST', `${filingUrl}/submit`, {
        session: person,
        body: { version: saved.body.version, values: monthly(seed), explanations: {} },
      });
      expect(submitted.status).toBe(200);

      const reviewer = await logIn(target, target, district);
      const progressUrl = `/api/admin/completeness?taskId=${taskId}`;
      const aggregationUrl = `/api/admin/aggregation?taskId=${taskId}&includeSubmitted=false`;
      const before = await call(target, 'GET', progressUrl, { session: reviewer });
      const approved = await call(
        target,
        'POST',
        `/api/admin/review/filings/${submitted.body.filingId}/approve`,
        {
          session: reviewer,
          body: {},
        },
      );
      expect(approved.status).toBe(200);
      const after = keepCookies(reviewer, approved.headers);
      const [progress, aggregation] = await Promise.all([
        call(target, 'GET', progressUrl, { session: after }),
        call(target, 'GET', aggregationUrl, { session: after }),
      ]);
      expect(progress.body.totals.approved).toBe(before.body.totals.approved + 1);
      expect(aggregation.body.filingCount).toBe(progress.body.totals.approved);
      // 含推算 read where the replica answers: the period's outlier run, which it cannot store, is still computed.
      const withEstimates = await call(target, 'GET', `${aggregationUrl}&basis=with-estimates`, {
        session: withoutReadPosition(after),
      });
      expect(withEstimates.status).toBe(200);
      expect(withEstimates.body.filingCount).toBeGreaterThanOrEqual(aggregation.body.filingCount);
    }

    it('takes a filer from saving to the district approval through nginx and PgBouncer in transaction mode', async () => {
      await journey(nginx, filers[0]!, 1);
    });

    it('takes a filer through PgBouncer in session mode with prepared statements on', async () => {
      await journey(sessionInstance, filers[1]!, 2);
    });

    it('takes a deadline surge of concurrent filers through PgBouncer in each mode', async () => {
      const surge = async (
        target: Target,
        group: Array<{ username: string; password: string }>,
        seed: number,
      ) => {
        const sessions = await Promise.all(group.map((filer) => logIn(target, target, filer)));
        const answers = await Promise.all(
          sessions.map(async (session, i) => {
            const filingUrl = `/api/enterprise/tasks/${taskId}/filing`;
            const loaded = await call(target, 'GET', filingUrl, { session });
            const saved = await call(target, 'PUT', filingUrl, {
              session,
              body: { version: loaded.body.version, values: monthly(seed + i) },
            });
            return call(target, 'POST', `${filingUrl}/submit`, {
              session,
              body: { version: saved.body.version, values: monthly(seed + i), explanations: {} },
            });
          }),
        );
        expect(answers.map((answer) => answer.status)).toEqual(group.map(() => 200));
      };
      await Promise.all([
        surge(nginx, filers.slice(12, 22), 500),
        surge(sessionInstance, filers.slice(22, 32), 600),
      ]);
    });

    it('shows the district its own approvals at once, in 100 rounds of approve-then-read on a lagging replica', async () => {
      // The replica replays each commit 150 ms late: a read that did not wait for it would miss the approval.
      await cluster.setReplicaApplyDelay(150);
      let reviewer = await logIn(nginx, nginx, district);
      const before = await call(nginx, 'GET', `/api/admin/completeness?taskId=${taskId}`, {
        session: reviewer,
      });
      const approvedBefore = before.body.totals.approved as number;
      let staleWithoutPosition = 0;
      let fromReplica = 0;
      for (const [round, filingId] of awaitingReview.entries()) {
        const approved = await call(nginx, 'POST', `/api/admin/review/filings/${filingId}/approve`, {
          session: reviewer,
          body: {},
        });
        expect(approved.status).toBe(200);
        reviewer = keepCookies(reviewer, approved.headers);
        const [own, anonymous] = await Promise.all([
          call(nginx, 'GET', `/api/admin/completeness?taskId=${taskId}`, { session: reviewer }),
          call(nginx, 'GET', `/api/admin/completeness?taskId=${taskId}`, {
            session: withoutReadPosition(reviewer),
          }),
        ]);
        expect(own.body.totals.approved).toBe(approvedBefore + round + 1);
        if (own.body.freshness.source === 'replica') fromReplica += 1;
        if (anonymous.body.totals.approved < approvedBefore + round + 1) {
          staleWithoutPosition += 1;
          // A page that shows the replica's older figures says how old they are.
          expect(anonymous.body.freshness.source).toBe('replica');
        }
      }
      // The replica did lag, and the reads still went to it once it had caught up.
      expect(staleWithoutPosition).toBeGreaterThan(0);
      expect(fromReplica).toBeGreaterThan(0);
      await cluster.setReplicaApplyDelay(0);
    }, 240_000);

    it('loses no acknowledged save or submission when the primary fails during a stream of filers', async () => {
      const filingUrl = `/api/enterprise/tasks/${taskId}/filing`;
      const stream = filers.slice(2, 12);
      const sessions = await Promise.all(stream.map((filer) => logIn(nginx, nginx, filer)));
      // Per filer: the values sent for each version a save would make (each save adds one to the version, whether
      // or not its answer arrives), and the last version the server acknowledged.
      const sent = stream.map(() => new Map<number, Values>());
      const lastAcknowledged = stream.map(() => 0);
      let crashedAt = 0;
      let firstWriteAfterCrash = 0;
      const readiness: number[] = [];
      let watching = true;

      // Each filer saves every few milliseconds and submits once the cluster has taken writes again.
      const filerLoop = async (index: number) => {
        const session = sessions[index]!;
        let version: number | null = null;
        let seed = index * 1000;
        const deadline = Date.now() + 90_000;
        while (Date.now() < deadline) {
          const values = monthly((seed += 1));
          const submitting = firstWriteAfterCrash > 0 && lastAcknowledged[index]! >= 10;
          sent[index]!.set((version ?? 0) + 1, values);
          const sentAt = Date.now();
          const answer = await call(
            nginx,
            submitting ? 'POST' : 'PUT',
            `${filingUrl}${submitting ? '/submit' : ''}`,
            {
              session,
              body: submitting ? { version, values, explanations: {} } : { version, values },
            },
          ).catch(() => null);
          if (answer?.status === 200) {
            version = answer.body.version as number;
            lastAcknowledged[index] = version;
            // The outage ends with the first write sent after the crash that is acknowledged.
            if (crashedAt > 0 && sentAt > crashedAt && firstWriteAfterCrash === 0)
              firstWriteAfterCrash = Date.now();
            if (submitting) return;
          } else if (answer && answer.status >= 400 && answer.status < 500) {
            // The answer to an earlier attempt was lost with the primary: read where the filing stands.
            const current = await call(nginx, 'GET', filingUrl, { session });
            if (current.body?.status === 'submitted') return;
            if (current.status === 200) version = current.body.version as number | null;
          } else {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        throw new Error(`filer ${stream[index]!.username} did not get to submit`);
      };
      const watchReadiness = async () => {
        while (watching) {
          const status = await fetch(`${instances[0]!.url}/readyz`).then(
            (response) => response.status,
            () => 0,
          );
          readiness.push(status);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };

      const watcher = watchReadiness();
      const loops = stream.map((_filer, index) => filerLoop(index));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      crashedAt = Date.now();
      await cluster.crashPrimary();
      // The time a failover manager takes to declare the primary dead, before it promotes the replica.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await cluster.promoteReplica();
      await bouncer.repoint(cluster.replica.port);
      await Promise.all(loops);
      await new Promise((resolve) => setTimeout(resolve, 300));
      watching = false;
      await watcher;

      console.info(`failover drill: ${firstWriteAfterCrash - crashedAt} ms without writes`);
      expect(firstWriteAfterCrash).toBeGreaterThan(crashedAt);
      // /readyz said the database was away, then that it was back.
      expect(readiness).toContain(503);
      expect(readiness.at(-1)).toBe(200);

      const promoted = new pg.Client({ connectionString: cluster.replica.url('zhibao') });
      await promoted.connect();
      try {
        for (const [index, filer] of stream.entries()) {
          const { rows } = await promoted.query<{ version: number; status: string; cell_values: Values }>(
            `select f.version, f.status, f.cell_values from filings f
               join users u on u.enterprise_id = f.enterprise_id
              where f.task_id = $1 and u.username = $2`,
            [taskId, filer.username],
          );
          const stored = rows[0]!;
          // Submitted, with every acknowledged write there (that version, or a later one the filer sent) and
          // whole: the values stored are exactly those sent for the stored version.
          expect(stored.status).toBe('submitted');
          expect(stored.version).toBeGreaterThanOrEqual(lastAcknowledged[index]!);
          expect(sent[index]!.has(stored.version)).toBe(true);
          expect(stored.cell_values).toEqual(sent[index]!.get(stored.version));
        }
      } finally {
        await promoted.end();
      }
    }, 240_000);
  },
);
