import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { sessionCookieName } from '../src/http/session-cookie.ts';
import { openDatabase } from '../src/db/database.ts';
import {
  findClusterTools,
  startPgBouncer,
  startPostgresCluster,
  type PgBouncer,
  type PostgresCluster,
} from '../src/test/cluster/cluster-harness.ts';
import type { BenchRow, BenchSection } from './bench-report.ts';
import {
  driveFilers,
  mainScript,
  percentile,
  prepareFilers,
  round,
  startChild,
  type Child,
  type Filer,
} from './surge-bench.ts';

// `npm run bench -- --sections cluster`: the drawn deployment on the real engine (apps/server/src/test/cluster/):
// a primary with a synchronous streaming replica and PgBouncer. Measures the replica's lag during a deadline
// surge, 汇总 read from the replica against the primary, the surge through PgBouncer against direct
// connections, and the time without writes of a failover.

const connections = 100;
const rounds = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The replica's replay lag as the primary sees it (pg_stat_replication.replay_lag), sampled until stopped. */
function sampleReplayLag(primaryUrl: string) {
  const samples: number[] = [];
  let sampling = true;
  const done = (async () => {
    const client = new pg.Client({ connectionString: primaryUrl });
    await client.connect();
    try {
      while (sampling) {
        const { rows } = await client.query<{ ms: number | null }>(
          'select extract(epoch from replay_lag) * 1000 as ms from pg_stat_replication',
        );
        if (rows[0]?.ms !== null && rows[0]?.ms !== undefined) samples.push(Number(rows[0].ms));
        await sleep(50);
      }
    } finally {
      await client.end();
    }
  })();
  return {
    async stop() {
      sampling = false;
      await done;
      return [...samples].sort((a, b) => a - b);
    },
  };
}

/** A ministry administrator's session, inserted as a login makes one, for reading national 汇总. */
async function ministrySession(url: string): Promise<{ cookie: string }> {
  const handle = await openDatabase({ kind: 'postgres', url });
  try {
    const token = randomBytes(32).toString('base64url');
    const user = await handle.db
      .insertInto('users')
      .values({
        username: `bench_miit_${randomBytes(4).toString('hex')}`,
        password_hash: 'x',
        display_name: '部级管理员',
        mobile: '13900000000',
        role: 'admin',
        admin_level: 'ministry',
        region_code: '000000',
        enterprise_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = new Date();
    await handle.db
      .insertInto('sessions')
      .values({
        id: createHash('sha256').update(token).digest('base64url'),
        user_id: user.id,
        csrf_token: randomBytes(24).toString('base64url'),
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + 3_600_000),
      })
      .execute();
    return { cookie: `${sessionCookieName}=${token}` };
  } finally {
    await handle.close();
  }
}

/** Median time of `count` sequential GETs. */
async function medianGet(child: Child, path: string, cookie: string, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const response = await fetch(`${child.url}${path}`, { headers: { cookie } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  return percentile(
    times.sort((a, b) => a - b),
    0.5,
  );
}

/** Filers saving in a loop through `child` while the primary fails; the time from the crash to the next write. */
async function failoverDrill(cluster: PostgresCluster, bouncer: PgBouncer, child: Child, filers: Filer[]) {
  let crashedAt = 0;
  let firstWriteAfterCrash = 0;
  let running = true;
  const loop = async (filer: Filer) => {
    let version: number | null = null;
    while (running) {
      const sentAt = Date.now();
      const answer: Response | null = await fetch(
        `${child.url}/api/enterprise/tasks/${filer.taskId}/filing`,
        {
          method: 'PUT',
          headers: {
            cookie: filer.cookie,
            'x-csrf-token': filer.csrfToken,
            'content-type': 'application/json',
          },
          body: `{"version":${JSON.stringify(version)},"values":${filer.valuesJson}}`,
        },
      ).catch(() => null);
      const body: { version?: number } | null = answer
        ? ((await answer.json().catch(() => null)) as { version?: number } | null)
        : null;
      if (answer?.status === 200 && body?.version !== undefined) {
        version = body.version;
        if (crashedAt > 0 && sentAt > crashedAt && firstWriteAfterCrash === 0)
          firstWriteAfterCrash = Date.now();
      } else if (answer?.status === 409) {
        const current = await fetch(`${child.url}/api/enterprise/tasks/${filer.taskId}/filing`, {
          headers: { cookie: filer.cookie },
        });
        version = ((await current.json()) as { version: number | null }).version;
      } else {
        await sleep(50);
      }
    }
  };
  const loops = filers.map(loop);
  await sleep(2000);
  crashedAt = Date.now();
  await cluster.crashPrimary();
  // The time a failover manager takes to declare the primary dead.
  const detectionMs = 2000;
  await sleep(detectionMs);
  const promotionStarted = Date.now();
  await cluster.promoteReplica();
  await bouncer.repoint(cluster.replica.port);
  const promotionMs = Date.now() - promotionStarted;
  while (firstWriteAfterCrash === 0 && Date.now() - crashedAt < 60_000) await sleep(20);
  running = false;
  await Promise.all(loops);
  return { withoutWritesMs: firstWriteAfterCrash - crashedAt, detectionMs, promotionMs };
}

export async function runClusterBenchmarks(options: {
  log: (line: string) => void;
}): Promise<BenchSection[]> {
  const { log } = options;
  const found = findClusterTools();
  if ('missing' in found) {
    log(`cluster: not run — ${found.missing}`);
    return [];
  }
  log('cluster: building a primary with a synchronous replica and PgBouncer');
  const cluster = await startPostgresCluster(found.tools, { synchronous: true });
  const children: Child[] = [];
  let bouncer: PgBouncer | undefined;
  try {
    const primaryUrl = cluster.primary.url('zhibao');
    const perRun = connections * rounds;
    log(`cluster: preparing ${perRun * 2 + 40} filers`);
    const filers = await prepareFilers({ kind: 'postgres', url: primaryUrl }, perRun * 2 + 40);
    const admin = await ministrySession(primaryUrl);
    bouncer = await startPgBouncer(found.tools, cluster.primary.port);
    const common = { NODE_ENV: 'production', LOG_LEVEL: 'fatal', DEMO_DATA: 'false', HOST: '127.0.0.1' };

    log('cluster: replica lag at rest');
    const idleLag = sampleReplayLag(cluster.primary.url());
    const writer = new pg.Client({ connectionString: primaryUrl });
    await writer.connect();
    await writer.query('create table if not exists bench_heartbeat (at timestamptz)');
    for (let i = 0; i < 40; i += 1) {
      await writer.query('insert into bench_heartbeat values (now())');
      await sleep(50);
    }
    await writer.end();
    const idle = await idleLag.stop();

    log(`cluster: deadline surge directly on the primary (${connections} filers × ${rounds})`);
    const direct = await startChild(mainScript, { ...common, DATABASE_URL: primaryUrl });
    children.push(direct);
    const surgeLag = sampleReplayLag(cluster.primary.url());
    const directSurge = await driveFilers(direct.url, filers.slice(0, perRun), connections, rounds);
    const lag = await surgeLag.stop();

    log(`cluster: the same surge through PgBouncer in transaction mode (prepared statements off)`);
    const pooled = await startChild(mainScript, {
      ...common,
      DATABASE_URL: bouncer.url('transaction'),
      DATABASE_PREPARED_STATEMENTS: 'false',
      DATABASE_READ_URL: cluster.replica.url('zhibao'),
    });
    children.push(pooled);
    const pooledSurge = await driveFilers(pooled.url, filers.slice(perRun, perRun * 2), connections, rounds);

    log('cluster: national 汇总 read from the replica and from the primary');
    const taskId = filers[0]!.taskId;
    const aggregationPath = `/api/admin/aggregation?taskId=${taskId}&includeSubmitted=true`;
    await medianGet(pooled, aggregationPath, admin.cookie, 3);
    await medianGet(direct, aggregationPath, admin.cookie, 3);
    const fromReplica = await medianGet(pooled, aggregationPath, admin.cookie, 15);
    const fromPrimary = await medianGet(direct, aggregationPath, admin.cookie, 15);
    await direct.stop();

    log(
      'cluster: failover drill (20 filers saving; primary stopped hard; replica promoted; PgBouncer re-pointed)',
    );
    const drill = await failoverDrill(cluster, bouncer, pooled, filers.slice(perRun * 2, perRun * 2 + 20));

    const lagRow = (name: string, fraction: number | 'max'): BenchRow => {
      const value = fraction === 'max' ? (lag.at(-1) ?? 0) : percentile(lag, fraction);
      const baselineValue = fraction === 'max' ? (idle.at(-1) ?? 0) : percentile(idle, fraction);
      return {
        measure: `replica replay lag ${name} during the surge`,
        value: round(value, 1),
        unit: 'ms',
        baseline: `${name} at rest (one insert every 50 ms)`,
        baselineValue: round(baselineValue, 1),
        ratio: round(value / Math.max(baselineValue, 0.1), 1),
        ratioMeaning: 'surge ÷ rest; lower is better',
        ...(fraction === 'max'
          ? {
              target: `≤ the read-your-writes wait bound (500 ms) — else a read after one's own write goes to the primary`,
              isTargetMet: value <= 500,
            }
          : {}),
      };
    };
    const rows: BenchRow[] = [
      lagRow('p50', 0.5),
      lagRow('p99', 0.99),
      lagRow('max', 'max'),
      {
        measure: `汇总 of the surge's task as the ministry (GET /api/admin/aggregation, ${perRun * 2} filings) from the replica, median of 15`,
        value: round(fromReplica, 1),
        unit: 'ms',
        baseline: 'the same read from the primary',
        baselineValue: round(fromPrimary, 1),
        ratio: round(fromReplica / fromPrimary, 2),
        ratioMeaning: 'replica ÷ primary (the replica adds one freshness query); lower is better',
      },
      {
        measure: `deadline surge through PgBouncer (transaction mode), ${connections} filers`,
        value: round(pooledSurge.submissionsPerSecond),
        unit: 'submissions/s',
        baseline: 'the same surge directly on the primary (prepared statements on)',
        baselineValue: round(directSurge.submissionsPerSecond),
        ratio: round(pooledSurge.submissionsPerSecond / directSurge.submissionsPerSecond, 2),
        ratioMeaning: 'pooled ÷ direct; higher is better',
      },
      {
        measure: 'submit latency p99 through PgBouncer',
        value: round(pooledSurge.submitLatency.p99),
        unit: 'ms',
        baseline: 'directly on the primary',
        baselineValue: round(directSurge.submitLatency.p99),
        ratio: round(pooledSurge.submitLatency.p99 / Math.max(directSurge.submitLatency.p99, 1), 2),
        ratioMeaning: 'pooled ÷ direct; lower is better',
      },
      {
        measure: 'failover: time without writes (crash → first acknowledged write sent after it)',
        value: drill.withoutWritesMs,
        unit: 'ms',
        baseline: `the failover itself: ${drill.detectionMs} ms detection + ${drill.promotionMs} ms promotion and re-pointing`,
        baselineValue: drill.detectionMs + drill.promotionMs,
        ratio: round(drill.withoutWritesMs / (drill.detectionMs + drill.promotionMs), 2),
        ratioMeaning: 'outage ÷ failover time; near 1 means the instances reconnect at once',
      },
    ];
    const failures = [directSurge, pooledSurge].reduce(
      (sum, surge) => sum + surge.result.non2xx + surge.result.errors + surge.result.timeouts,
      0,
    );
    return [
      {
        title: 'Cluster: streaming replica, PgBouncer and failover',
        method: [
          'A PostgreSQL primary and a synchronous streaming replica built by the cluster harness',
          '(apps/server/src/test/cluster/, configuration in deploy/cluster/), PgBouncer 1.18 in front of the primary, all',
          'on this machine. Surge: the deadline surge of `bench:surge` (GET → PUT → POST submit per filer) with',
          `${connections} autocannon connections × ${rounds} filers, once against a server process connected directly to the`,
          'primary and once through PgBouncer in transaction mode (DATABASE_PREPARED_STATEMENTS=false) with',
          'DATABASE_READ_URL on the replica. Lag: pg_stat_replication.replay_lag sampled every 50 ms on the primary.',
          'Failover: 20 filers saving in a loop through PgBouncer; the primary stopped with SIGQUIT (immediate',
          'shutdown), 2 s later the replica promoted (pg_promote) and PgBouncer re-pointed (SIGHUP).',
        ].join(' '),
        rows,
        notes: [
          `${failures} failed requests in the two surges.`,
          `${lag.length} lag samples during the surge, ${idle.length} at rest (replay_lag is null while the replica has nothing to replay).`,
        ],
      },
    ];
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await bouncer?.stop();
    await cluster.stop();
  }
}
