/**
 * The deadline surge (issue 7): hundreds of enterprise filers at once each load their monthly report, save it
 * and submit it, against the real server in a child process: on PostgreSQL, then on embedded PGlite. Each run
 * is compared with a bare Fastify server doing one INSERT per request on the same database in the same run.
 *
 * Environment: SURGE_FILERS (concurrent filers = connections, 500) and SURGE_ROUNDS (how many filings each
 * connection works through one after another, 4), so the run measures a steady surge and not only start-up;
 * SURGE_DATABASES (postgres,pglite) picks the runs; SURGE_LOG_LEVEL (warn) is the server's LOG_LEVEL;
 * SURGE_CPU_PROFILE_DIR writes CPU profiles of the children.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { KyselyPlugin } from 'kysely';
import pg from 'pg';
import { auditFiling, buildUscc, createSampleFiling, explanationKey, getEdition } from '@zhibao/survey';
import { hashPassword } from '../src/account/password.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type DatabaseTarget } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedReferenceData } from '../src/db/seed/seed.ts';
import { sessionCookieName } from '../src/http/session-cookie.ts';
import { generatePersonalDataKeys } from '../src/personal-data/personal-data-keys.ts';
import { createTask } from '../src/test/factories.ts';
import type { BenchRow, BenchSection } from './bench-report.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const mainScript = path.join(serverDir, 'src/main.ts');
export const baselineScript = path.join(serverDir, 'bench/surge-baseline-server.ts');

/** 深圳市南山区: every surge filer is in one county, like the last afternoon before one region's deadline. */
const regionCode = '440305';
const period = '2026-10';
const chunkSize = 500;

export interface Filer {
  taskId: string;
  cookie: string;
  csrfToken: string;
  /** `"values":…` and `"explanations":…` pre-serialised; the version is filled in per request. */
  valuesJson: string;
  explanationsJson: string;
}

interface SurgeSettings {
  connections: number;
  rounds: number;
  databases: string[];
  logLevel: string;
}

function settingsFromEnvironment(): SurgeSettings {
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
    return value;
  };
  return {
    connections: number('SURGE_FILERS', 500),
    rounds: number('SURGE_ROUNDS', 4),
    databases: (process.env.SURGE_DATABASES ?? 'postgres,pglite').split(','),
    logLevel: process.env.SURGE_LOG_LEVEL ?? 'warn',
  };
}

/** The surge on PostgreSQL and on PGlite, each beside its bare-Fastify baseline from the same run. */
export async function runSurgeBenchmarks(options: {
  databaseUrl: string;
  log: (line: string) => void;
}): Promise<BenchSection[]> {
  const settings = settingsFromEnvironment();
  const sections: BenchSection[] = [];
  if (settings.databases.includes('postgres')) {
    const postgres = await createPostgresDatabase(options.databaseUrl);
    try {
      sections.push(await runSurge({ ...postgres.target, settings, log: options.log }));
    } finally {
      await postgres.drop();
    }
  }
  if (settings.databases.includes('pglite')) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'zhibao-surge-'));
    try {
      sections.push(await runSurge({ kind: 'pglite', dataDir, settings, log: options.log }));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return sections;
}

export async function createPostgresDatabase(serverUrl: string) {
  const name = `zhibao_surge_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres' as const, url: url.toString() },
    drop: async () => {
      const cleaner = new pg.Client({ connectionString: serverUrl });
      await cleaner.connect();
      await cleaner.query(`drop database if exists ${name} with (force)`);
      await cleaner.end();
    },
  };
}

export type SurgeTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

async function runSurge(
  run: SurgeTarget & { settings: SurgeSettings; log: (line: string) => void },
): Promise<BenchSection> {
  const { settings, log } = run;
  const label = run.kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  // The warm-up's own filers (2 each on up to 50 connections) let the server compile its hot paths first.
  const warmUpConnections = Math.min(50, settings.connections);
  const warmUpCount = warmUpConnections * 2;
  const filerCount = settings.connections * settings.rounds;
  log(`surge on ${label}: preparing ${filerCount + warmUpCount} enterprises, filers and sessions`);
  // One more filer walks through the three requests in-process, counting the SQL statements they run.
  const [counted, ...filers] = await prepareFilers(run, filerCount + warmUpCount + 1);
  const statements = await countStatements(run, counted!);
  const databaseEnv: NodeJS.ProcessEnv =
    run.kind === 'postgres' ? { DATABASE_URL: run.url } : { DATA_DIR: run.dataDir };

  const zhibao = await startChild(mainScript, {
    ...databaseEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: settings.logLevel,
    DEMO_DATA: 'false',
    HOST: '127.0.0.1',
  });
  let surge: SurgeResult;
  let surgeCpu: CpuSpent;
  try {
    log(`surge on ${label}: warming up with ${warmUpCount} filers`);
    await driveFilers(zhibao.url, filers.slice(0, warmUpCount), warmUpConnections, 2);
    log(`surge on ${label}: ${settings.connections} concurrent filers × ${settings.rounds} rounds`);
    const cpuBefore = await cpuSnapshot(zhibao, run);
    surge = await driveFilers(zhibao.url, filers.slice(warmUpCount), settings.connections, settings.rounds);
    surgeCpu = cpuSpentSince(cpuBefore, await cpuSnapshot(zhibao, run));
  } finally {
    await zhibao.stop();
  }
  const submittedInDatabase = await countSubmitted(run);

  const baselineProcess = await startChild(
    baselineScript,
    run.kind === 'postgres' ? { BASELINE_DATABASE_URL: run.url } : { BASELINE_DATA_DIR: run.dataDir },
  );
  let baseline: autocannon.Result;
  let baselineSeconds: number;
  let baselineCpu: CpuSpent;
  try {
    log(`surge on ${label}: baseline (bare Fastify, one INSERT per request)`);
    const body = submitBody(filers[0]!, 2);
    await runAutocannon(baselineProcess.url, warmUpConnections, warmUpCount * 3, [
      { method: 'POST', path: '/submit', body },
    ]);
    const startedAt = performance.now();
    const cpuBefore = await cpuSnapshot(baselineProcess, run);
    baseline = await runAutocannon(baselineProcess.url, settings.connections, filerCount * 3, [
      { method: 'POST', path: '/submit', body },
    ]);
    baselineCpu = cpuSpentSince(cpuBefore, await cpuSnapshot(baselineProcess, run));
    baselineSeconds = (performance.now() - startedAt) / 1000;
  } finally {
    await baselineProcess.stop();
  }

  const baselineRate = baseline['2xx'] / baselineSeconds;
  const submitTarget = run.kind === 'postgres' ? 500 : 100;
  const failures = surge.result.non2xx + surge.result.errors + surge.result.timeouts;
  // CPU seconds of one process (or set of processes) per submission against the baseline's per request.
  const cpuPerSubmission = (seconds: number, baselineCpuSeconds: number) => ({
    value: round((seconds * 1000) / surge.submitted, 2),
    unit: 'ms',
    baselineValue: round((baselineCpuSeconds * 1000) / baseline['2xx'], 3),
    ratio: round(seconds / surge.submitted / (baselineCpuSeconds / baseline['2xx']), 1),
  });
  const rows: BenchRow[] = [
    {
      measure: `submissions per second (${settings.connections} concurrent filers, load → save → submit)`,
      value: round(surge.submissionsPerSecond),
      unit: 'submissions/s',
      baseline: 'bare Fastify + one INSERT per request (requests/s)',
      baselineValue: round(baselineRate),
      ratio: round(surge.submissionsPerSecond / baselineRate, 3),
      ratioMeaning: 'Zhibao submissions/s ÷ baseline requests/s; higher is better',
      target: `≥ ${submitTarget} submissions/s`,
      isTargetMet: surge.submissionsPerSecond >= submitTarget,
    },
    {
      measure: 'requests per second, all three kinds (load, save, submit)',
      value: round(surge.requestsPerSecond),
      unit: 'requests/s',
      baseline: 'bare Fastify + one INSERT per request',
      baselineValue: round(baselineRate),
      ratio: round(surge.requestsPerSecond / baselineRate, 3),
      ratioMeaning: 'Zhibao requests/s ÷ baseline requests/s; higher is better',
      // A request of the surge against a request of the baseline: a submission is three requests, so
      // submissions/s ÷ baseline requests/s could not pass 1/3 even if each request cost no more than an INSERT.
      ...(run.kind === 'postgres'
        ? { target: '≥ 0.5 × baseline', isTargetMet: surge.requestsPerSecond / baselineRate >= 0.5 }
        : {}),
    },
    {
      measure: 'SQL statements per submission (load + save + submit, without BEGIN/COMMIT)',
      value: statements.total,
      unit: 'statements',
      baseline: 'bare Fastify: one INSERT',
      baselineValue: 1,
      ratio: statements.total,
      ratioMeaning: `Zhibao ÷ baseline; lower is better (load ${statements.load}, save ${statements.save}, submit ${statements.submit})`,
    },
    {
      measure: `server process CPU per submission (${run.kind === 'pglite' ? 'including the embedded database' : 'Node only'})`,
      ...cpuPerSubmission(surgeCpu.serverSeconds, baselineCpu.serverSeconds),
      baseline: 'bare Fastify process CPU per request',
      // The kernel's share is mostly socket writes and reads: to the database and to the clients.
      ratioMeaning: `Zhibao per submission ÷ baseline per request; ${round((surgeCpu.serverSystemSeconds * 1000) / surge.submitted, 2)} ms of it in the kernel`,
    },
    ...(surgeCpu.databaseSeconds !== null && baselineCpu.databaseSeconds !== null
      ? [
          {
            measure: 'PostgreSQL CPU per submission (the backends serving the run)',
            ...cpuPerSubmission(surgeCpu.databaseSeconds, baselineCpu.databaseSeconds),
            baseline: 'the same per baseline request',
            ratioMeaning: 'Zhibao per submission ÷ baseline per request',
          },
        ]
      : []),
    {
      measure: 'CPU per submission of server, database and load generator together',
      value: round((surgeCpu.totalSeconds * 1000) / surge.submitted, 2),
      unit: 'ms',
      baseline: `the ${cores} cores' time per submission at the measured rate`,
      baselineValue: round((cores * 1000) / surge.submissionsPerSecond, 2),
      ratio: round((surgeCpu.totalSeconds * surge.submissionsPerSecond) / surge.submitted / cores, 3),
      // What the cores allow at this cost, whatever else runs: the ceiling of this machine for this code.
      ratioMeaning: `share of the machine they used; at this cost ${cores} cores carry at most ${Math.round((cores * surge.submitted) / surgeCpu.totalSeconds)} submissions/s (load generator ${round((surgeCpu.loadGeneratorSeconds * 1000) / surge.submitted, 2)} ms)`,
    },
    {
      measure: 'submit latency p50',
      value: round(surge.submitLatency.p50),
      unit: 'ms',
      baseline: 'bare Fastify INSERT p50',
      baselineValue: baseline.latency.p50,
      ratio: round(surge.submitLatency.p50 / Math.max(baseline.latency.p50, 1), 2),
      ratioMeaning: 'Zhibao ÷ baseline; lower is better',
    },
    {
      measure: 'submit latency p99',
      value: round(surge.submitLatency.p99),
      unit: 'ms',
      baseline: 'bare Fastify INSERT p99',
      baselineValue: baseline.latency.p99,
      ratio: round(surge.submitLatency.p99 / Math.max(baseline.latency.p99, 1), 2),
      ratioMeaning: 'Zhibao ÷ baseline; lower is better',
      ...(run.kind === 'postgres' ? { target: '≤ 250 ms', isTargetMet: surge.submitLatency.p99 <= 250 } : {}),
    },
    {
      measure: 'latency p99 of all requests (load, save, submit)',
      value: surge.result.latency.p99,
      unit: 'ms',
      baseline: 'bare Fastify INSERT p99',
      baselineValue: baseline.latency.p99,
      ratio: round(surge.result.latency.p99 / Math.max(baseline.latency.p99, 1), 2),
      ratioMeaning: 'Zhibao ÷ baseline; lower is better',
    },
    {
      measure: 'non-2xx responses, connection errors and timeouts',
      value: failures,
      unit: 'responses',
      baseline: 'bare Fastify non-2xx + errors',
      baselineValue: baseline.non2xx + baseline.errors + baseline.timeouts,
      ratio: failures === 0 ? 1 : 0,
      ratioMeaning: '1 when Zhibao had none',
      target: 'no errors',
      isTargetMet: failures === 0,
    },
  ];
  return {
    title: `Deadline surge on ${label}`,
    method: [
      `${filerCount} enterprises in 深圳市南山区, each with a filer, a session and a draft of one open monthly`,
      `report (${period}); ${settings.connections} autocannon connections, one filer at a time each, every filer`,
      'doing GET filing → PUT save (its version) → POST submit (sample values, warnings explained), one',
      `request at a time per connection, ${settings.rounds} filers per connection after a warm-up of`,
      `${warmUpCount} others. The real server (src/main.ts, NODE_ENV=production, LOG_LEVEL=${settings.logLevel}) and the`,
      'baseline each run in a child process; autocannon, the server and',
      run.kind === 'postgres' ? 'PostgreSQL share the same 2 cores.' : 'its embedded PGlite share 2 cores.',
    ].join(' '),
    rows,
    notes: [
      ...(failures > 0
        ? [
            `Failures: ${surge.result.timeouts} timeouts, ${surge.result.errors} connection errors; answers: ${surge.failures.join('; ') || 'none'}. A load that times out leaves its filer without a version, so that filer's save and submit answer 409.`,
          ]
        : []),
      `${submittedInDatabase} of ${filerCount + warmUpCount + 1} filings are 'submitted' in the database after the run (one filer walked through in-process to count statements).`,
      'Sessions are inserted directly (a token hash row per filer, as a login makes) instead of 500 SMS logins; autocannon sends the cookie header itself over plain HTTP, so the Secure flag NODE_ENV=production puts on login cookies does not matter here.',
      'With one request at a time per connection, latency is at least connections ÷ throughput (Little’s law): p99 ≤ 250 ms with 500 filers needs ≥ 2,000 requests/s.',
      `Baseline: apps/server/bench/surge-baseline-server.ts on the same ${label} database, the same connections and request count, posting the same submit body.`,
    ],
  };
}

/** Enterprises, filer accounts, sessions and draft filings, made the server's way and written in chunks. */
export async function prepareFilers(run: SurgeTarget, count: number): Promise<Filer[]> {
  const target: DatabaseTarget =
    run.kind === 'postgres' ? { kind: 'postgres', url: run.url } : { kind: 'pglite', dataDir: run.dataDir };
  const handle = await openDatabase(target);
  try {
    const db = handle.db;
    await migrateToLatest(db);
    await seedReferenceData(db);
    const task = await createTask(db, { periodType: 'month', period, name: `[部级]${period} 截止日高峰` });
    // One argon2 hash for every filer: hashing is a login cost, and nobody logs in during the surge.
    const passwordHash = await hashPassword(`Surge@${randomBytes(6).toString('hex')}`);
    const enterprises: Array<{ id: string; uscc: string; name: string }> = [];
    for (let start = 0; start < count; start += chunkSize) {
      const size = Math.min(chunkSize, count - start);
      // The same rows as the test factory's createEnterprise, with USCCs numbered instead of random.
      const rows = await db
        .insertInto('enterprises')
        .values(
          Array.from({ length: size }, (_, i) => ({
            uscc: surgeUscc(start + i),
            name: `截止日软件有限公司${start + i}`,
            region_code: regionCode,
            legal_representative: '测试',
            industry_code: '6513',
            is_in_scope: true,
            is_key_enterprise: true,
            has_ai_business: false,
          })),
        )
        .returning(['id', 'uscc', 'name'])
        .execute();
      enterprises.push(...rows);
    }
    const edition = getEdition('2021');
    const now = new Date();
    const filers: Filer[] = [];
    for (let start = 0; start < count; start += chunkSize) {
      const chunk = enterprises.slice(start, start + chunkSize);
      const users = await db
        .insertInto('users')
        .values(
          chunk.map((enterprise, i) => ({
            username: `surge${start + i}`,
            password_hash: passwordHash,
            display_name: `填报员${start + i}`,
            mobile: `137${String(start + i).padStart(8, '0')}`,
            role: 'enterprise' as const,
            admin_level: null,
            region_code: regionCode,
            enterprise_id: enterprise.id,
          })),
        )
        .returning(['id', 'enterprise_id'])
        .execute();
      const tokens = users.map(() => ({
        token: randomBytes(32).toString('base64url'),
        csrfToken: randomBytes(24).toString('base64url'),
      }));
      await db
        .insertInto('sessions')
        .values(
          users.map((user, i) => ({
            id: createHash('sha256').update(tokens[i]!.token).digest('base64url'),
            user_id: user.id,
            csrf_token: tokens[i]!.csrfToken,
            created_at: now,
            last_seen_at: now,
            expires_at: new Date(now.getTime() + 12 * 3_600_000),
          })),
        )
        .execute();
      await db
        .insertInto('filings')
        .values(
          users.map((user) => ({
            task_id: task.id,
            enterprise_id: user.enterprise_id!,
            status: 'draft' as const,
            pending_level: null,
            cell_values: '{}',
            explanations: '{}',
            updated_at: now,
            updated_by: user.id,
          })),
        )
        .execute();
      chunk.forEach((enterprise, i) => {
        const values = createSampleFiling(edition, { periodType: 'month', seed: start + i, monthIndex: 10 });
        const findings = auditFiling(edition, {
          periodType: 'month',
          period,
          values,
          enterprise: { uscc: enterprise.uscc, name: enterprise.name, divisionCode: regionCode },
        }).findings;
        const explanations = Object.fromEntries(
          findings
            .filter((finding) => finding.severity === 'warning')
            .map((finding) => [explanationKey(finding), '本月有大额合同确认收入，数据属实']),
        );
        filers.push({
          taskId: task.id,
          cookie: `${sessionCookieName}=${tokens[i]!.token}`,
          csrfToken: tokens[i]!.csrfToken,
          valuesJson: JSON.stringify(values),
          explanationsJson: JSON.stringify(explanations),
        });
      });
    }
    return filers;
  } finally {
    await handle.close();
  }
}

/** The SQL statements one filer's load, save and submit run, counted in-process through a Kysely plugin. */
async function countStatements(run: SurgeTarget, filer: Filer) {
  const handle = await openDatabase(
    run.kind === 'postgres' ? { kind: 'postgres', url: run.url } : { kind: 'pglite', dataDir: run.dataDir },
  );
  let count = 0;
  const counting: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      count += 1;
      return args.result;
    },
  };
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
  const app = await buildApp({ db: handle.db.withPlugin(counting), config, now: () => new Date() }, handle);
  try {
    const url = `/api/enterprise/tasks/${filer.taskId}/filing`;
    const headers = {
      cookie: filer.cookie,
      'x-csrf-token': filer.csrfToken,
      'content-type': 'application/json',
    };
    const step = async (method: 'GET' | 'PUT' | 'POST', path: string, body?: string) => {
      count = 0;
      const response = await app.inject({ method, url: path, headers, ...(body ? { payload: body } : {}) });
      if (response.statusCode !== 200) throw new Error(`${method} ${path}: ${response.body}`);
      return { statements: count, version: response.json<{ version: number }>().version };
    };
    // A first load, not counted, fills this process's caches (a division's lineage, its province's review
    // chain) as the server under load has them filled long before the counted filer's turn.
    await step('GET', url);
    const load = await step('GET', url);
    const save = await step('PUT', url, saveBody(filer, load.version));
    const submit = await step('POST', `${url}/submit`, submitBody(filer, save.version));
    return {
      load: load.statements,
      save: save.statements,
      submit: submit.statements,
      total: load.statements + save.statements + submit.statements,
    };
  } finally {
    await app.close();
    await handle.close();
  }
}

// The characters of an organization code body (GB 11714: no I, O, S, V, Z).
const codeAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid, unique USCC in 南山区 for the n-th surge enterprise. */
function surgeUscc(n: number): string {
  let body = '';
  for (let rest = n, i = 0; i < 7; i += 1, rest = Math.floor(rest / codeAlphabet.length)) {
    body += codeAlphabet[rest % codeAlphabet.length];
  }
  return buildUscc({ authority: '9', kind: '1', division: regionCode, subject: `B${body}` });
}

async function countSubmitted(run: SurgeTarget): Promise<number> {
  const handle = await openDatabase(
    run.kind === 'postgres' ? { kind: 'postgres', url: run.url } : { kind: 'pglite', dataDir: run.dataDir },
  );
  try {
    const row = await handle.db
      .selectFrom('filings')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', '=', 'submitted')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  } finally {
    await handle.close();
  }
}

function saveBody(filer: Filer, version: number | null): string {
  return `{"version":${JSON.stringify(version)},"values":${filer.valuesJson}}`;
}

function submitBody(filer: Filer, version: number | null): string {
  return `{"version":${JSON.stringify(version)},"values":${filer.valuesJson},"explanations":${filer.explanationsJson}}`;
}

interface SurgeResult {
  result: autocannon.Result;
  failures: string[];
  submitted: number;
  submissionsPerSecond: number;
  requestsPerSecond: number;
  submitLatency: { p50: number; p99: number };
}

interface FilerContext {
  filer?: Filer;
  version?: number | null;
  submitStartedAt?: number;
}

/**
 * Each connection takes the next filer from a shared queue and walks it through load → save → submit;
 * autocannon clears the context when a connection starts its sequence again, so it takes a new filer.
 */
export async function driveFilers(
  url: string,
  filers: Filer[],
  connections: number,
  rounds: number,
): Promise<SurgeResult> {
  let next = 0;
  const submitMs: number[] = [];
  let submitted = 0;
  // What went wrong, by request and answer, so that a failed run says why (e.g. "PUT 409 该报表已被…").
  const failures = new Map<string, number>();
  const recordFailure = (method: string, status: number, body: string) => {
    let detail = '';
    try {
      detail = String((JSON.parse(body) as { detail?: string }).detail ?? '').slice(0, 40);
    } catch {
      detail = body.slice(0, 40);
    }
    // Numbers (names of filers, times, versions) vary from one failure to the next; the kind does not.
    const key = `${method} ${status} ${detail.replace(/\d+/g, 'N')}`;
    failures.set(key, (failures.get(key) ?? 0) + 1);
  };
  // The first "version" of an answer is the filing's own (top level, ahead of the nested values): reading it
  // without parsing the whole filing keeps the load generator's share of the two cores small. A wrong read
  // would show as 409s and as filings not submitted, which the run counts.
  const versionOf = (body: string): number | null => {
    const match = /"version":(\d+)/.exec(body);
    return match ? Number(match[1]) : null;
  };
  const jsonHeaders = (filer: Filer) => ({
    cookie: filer.cookie,
    'x-csrf-token': filer.csrfToken,
    'content-type': 'application/json',
  });
  const requests: autocannon.Request[] = [
    {
      method: 'GET',
      setupRequest: (request, context) => {
        const state = context as FilerContext;
        const filer = filers[next % filers.length]!;
        next += 1;
        state.filer = filer;
        return {
          ...request,
          path: `/api/enterprise/tasks/${filer.taskId}/filing`,
          headers: { cookie: filer.cookie },
        };
      },
      onResponse: (status, body, context) => {
        if (status !== 200) recordFailure('GET', status, body);
        (context as FilerContext).version = status === 200 ? versionOf(body) : null;
      },
    },
    {
      method: 'PUT',
      setupRequest: (request, context) => {
        const { filer, version } = context as FilerContext;
        return {
          ...request,
          path: `/api/enterprise/tasks/${filer!.taskId}/filing`,
          headers: jsonHeaders(filer!),
          body: saveBody(filer!, version ?? null),
        };
      },
      onResponse: (status, body, context) => {
        if (status !== 200) recordFailure('PUT', status, body);
        (context as FilerContext).version = status === 200 ? versionOf(body) : null;
      },
    },
    {
      method: 'POST',
      setupRequest: (request, context) => {
        const state = context as FilerContext;
        state.submitStartedAt = performance.now();
        return {
          ...request,
          path: `/api/enterprise/tasks/${state.filer!.taskId}/filing/submit`,
          headers: jsonHeaders(state.filer!),
          body: submitBody(state.filer!, state.version ?? null),
        };
      },
      onResponse: (status, body, context) => {
        submitMs.push(performance.now() - (context as FilerContext).submitStartedAt!);
        if (status === 200) submitted += 1;
        else recordFailure('POST', status, body);
      },
    },
  ];
  const startedAt = performance.now();
  const result = await runAutocannon(url, connections, connections * rounds * 3, requests);
  const seconds = (performance.now() - startedAt) / 1000;
  if (next > filers.length) throw new Error(`the surge used ${next} filers but only ${filers.length} exist`);
  submitMs.sort((a, b) => a - b);
  return {
    result,
    failures: [...failures]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([key, count]) => `${count} × ${key}`),
    submitted,
    submissionsPerSecond: submitted / seconds,
    requestsPerSecond: (result['2xx'] + result.non2xx) / seconds,
    submitLatency: { p50: percentile(submitMs, 0.5), p99: percentile(submitMs, 0.99) },
  };
}

function runAutocannon(
  url: string,
  connections: number,
  amount: number,
  requests: autocannon.Request[],
): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    amount,
    pipelining: 1,
    timeout: 120,
    headers: { 'content-type': 'application/json' },
    requests,
  });
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const cores = cpus().length;

interface CpuSnapshot {
  server: number;
  serverSystem: number;
  /** CPU seconds per backend serving the run's database, when it is on this machine; else null. */
  database: Map<number, number> | null;
  /** This process: autocannon and the filers' bookkeeping. */
  loadGenerator: number;
}

interface CpuSpent {
  serverSeconds: number;
  serverSystemSeconds: number;
  databaseSeconds: number | null;
  loadGeneratorSeconds: number;
  totalSeconds: number;
}

/** CPU seconds (user + kernel) of the processes a surge keeps busy, read from Linux /proc (0 elsewhere). */
async function cpuSnapshot(child: Child, run: SurgeTarget): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  return {
    server: await child.cpuSeconds(),
    serverSystem: await child.systemCpuSeconds(),
    database: run.kind === 'postgres' ? await backendCpuSeconds(run.url) : null,
    loadGenerator: (usage.user + usage.system) / 1e6,
  };
}

function cpuSpentSince(before: CpuSnapshot, after: CpuSnapshot): CpuSpent {
  let databaseSeconds: number | null = null;
  if (before.database && after.database) {
    // A backend the pool opened during the run spent all its time in the run.
    databaseSeconds = 0;
    for (const [pid, seconds] of after.database) databaseSeconds += seconds - (before.database.get(pid) ?? 0);
  }
  const serverSeconds = after.server - before.server;
  const loadGeneratorSeconds = after.loadGenerator - before.loadGenerator;
  return {
    serverSeconds,
    serverSystemSeconds: after.serverSystem - before.serverSystem,
    databaseSeconds,
    loadGeneratorSeconds,
    totalSeconds: serverSeconds + (databaseSeconds ?? 0) + loadGeneratorSeconds,
  };
}

/**
 * /proc/<pid>/stat: the command name in parentheses, then fields of which 14 and 15 (utime, stime) are in
 * clock ticks.
 */
async function procStat(pid: number): Promise<{ command: string; fields: string[] } | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return null;
  return {
    command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    fields: stat.slice(stat.lastIndexOf(')') + 2).split(' '),
  };
}

const cpuSecondsOf = (fields: string[]) => (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;

/**
 * The backends serving this database (other work on the same PostgreSQL is not counted), by process id; null
 * when PostgreSQL runs on another machine, whose processes /proc cannot see.
 */
async function backendCpuSeconds(url: string): Promise<Map<number, number> | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const seconds = new Map<number, number>();
    for (const { pid } of rows) {
      const stat = await procStat(pid);
      if (stat?.command !== 'postgres') return null;
      seconds.set(pid, cpuSecondsOf(stat.fields));
    }
    return seconds;
  } finally {
    await client.end();
  }
}

export interface Child {
  url: string;
  /** User + system CPU time the process has used so far (Linux /proc; 0 elsewhere). */
  cpuSeconds(): Promise<number>;
  /** The system (kernel) part of it. */
  systemCpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry point in its own Node process and waits until its /readyz answers. */
export async function startChild(script: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const port = await freePort();
  // SURGE_CPU_PROFILE_DIR: a V8 CPU profile of each child, to see where a surge spends its time.
  const profileDir = process.env.SURGE_CPU_PROFILE_DIR;
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profiling, '--import', 'tsx', script], {
    cwd: serverDir,
    // A production server needs its personal-data key from the environment: each benchmark child gets a fresh one.
    env: {
      ...process.env,
      PERSONAL_DATA_KEYS: JSON.stringify(generatePersonalDataKeys(new Date())),
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited:\n${output.join('\n')}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not become ready:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const statFields = async () => (await procStat(child.pid!))?.fields ?? [];
  return {
    url,
    cpuSeconds: async () => cpuSecondsOf(await statFields()),
    systemCpuSeconds: async () => Number((await statFields())[12] ?? 0) / 100,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
