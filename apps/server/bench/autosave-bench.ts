/**
 * Autosave at scale (issue 16, item 6): N open forms, each saving one changed cell every 30 s, against the real
 * server in a child process (5,000 forms ≈ 170 saves/s on PostgreSQL; 1,000, a district, on PGlite). The load is
 * open: every save is sent when it is due, whether or not the server has answered the others, and its latency is
 * counted from when it was due. The baseline is a bare Fastify server doing one INSERT of the same body per
 * request (surge-baseline-server.ts), on the same database, at the same rate, in the same run. Then one save is
 * taken apart in-process: the rows it writes per table (pg_stat_user_tables) and the WAL bytes (LSN difference).
 *
 * Environment: AUTOSAVE_FORMS_POSTGRES (5000), AUTOSAVE_FORMS_PGLITE (1000), AUTOSAVE_SECONDS (how long the
 * load runs, 90: three saves per form), AUTOSAVE_DATABASES (postgres,pglite).
 */
import { Agent, request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type DatabaseTarget } from '../src/db/database.ts';
import type { BenchRow, BenchSection } from './bench-report.ts';
import {
  baselineScript,
  createPostgresDatabase,
  mainScript,
  percentile,
  prepareFilers,
  round,
  startChild,
  type Filer,
  type SurgeTarget,
} from './surge-bench.ts';

/** How often an open form saves, as the issue puts it. */
const SAVE_INTERVAL_MS = 30_000;
/** The cell each save changes: 主营业务收入 of the monthly form. */
const CHANGED_CELL = '2010';
/** Saves taken apart one by one for the write amplification (the WAL figure is their median). */
const MEASURED_SAVES = 25;

interface AutosaveSettings {
  forms: { postgres: number; pglite: number };
  seconds: number;
  databases: string[];
}

function settingsFromEnvironment(): AutosaveSettings {
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
    return value;
  };
  return {
    forms: {
      postgres: number('AUTOSAVE_FORMS_POSTGRES', 5000),
      pglite: number('AUTOSAVE_FORMS_PGLITE', 1000),
    },
    seconds: number('AUTOSAVE_SECONDS', 90),
    databases: (process.env.AUTOSAVE_DATABASES ?? 'postgres,pglite').split(','),
  };
}

/** Autosave on PostgreSQL and on PGlite, each beside its bare-Fastify baseline from the same run. */
export async function runAutosaveBenchmarks(options: {
  databaseUrl: string;
  log: (line: string) => void;
}): Promise<BenchSection[]> {
  const settings = settingsFromEnvironment();
  const sections: BenchSection[] = [];
  if (settings.databases.includes('postgres')) {
    const postgres = await createPostgresDatabase(options.databaseUrl);
    try {
      sections.push(
        await runAutosave({ ...postgres.target, forms: settings.forms.postgres, settings, log: options.log }),
      );
    } finally {
      await postgres.drop();
    }
  }
  if (settings.databases.includes('pglite')) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'zhibao-autosave-'));
    try {
      sections.push(
        await runAutosave({
          kind: 'pglite',
          dataDir,
          forms: settings.forms.pglite,
          settings,
          log: options.log,
        }),
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return sections;
}

/** One open form: its filer, the values on screen, the version it last saved. */
interface OpenForm {
  filer: Filer;
  values: { monthly: Record<string, unknown> } & Record<string, unknown>;
  version: number;
}

interface LoadResult {
  latenciesMs: number[];
  sent: number;
  failures: Map<string, number>;
  seconds: number;
}

function targetOf(run: SurgeTarget): DatabaseTarget {
  return run.kind === 'postgres'
    ? { kind: 'postgres', url: run.url }
    : { kind: 'pglite', dataDir: run.dataDir };
}

/** A save body: the form's values with the changed cell bumped by one cent, and its version. */
function nextSaveBody(form: OpenForm): string {
  const current = Number(form.values.monthly[CHANGED_CELL] ?? 0);
  form.values.monthly[CHANGED_CELL] = Math.round((current + 0.01) * 100) / 100;
  return `{"version":${form.version},"values":${JSON.stringify(form.values)}}`;
}

function send(
  agent: Agent,
  url: URL,
  method: 'PUT' | 'POST',
  requestPath: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path: requestPath,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Open-loop load: form i first saves at i/N of the interval, then every interval, until `seconds` have passed.
 * `saveOf` sends one save of a form and answers its status and body.
 */
async function driveOpenForms(
  forms: OpenForm[],
  seconds: number,
  saveOf: (form: OpenForm) => Promise<{ status: number; body: string }>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const failures = new Map<string, number>();
  let sent = 0;
  const startedAt = performance.now();
  const endsAt = startedAt + seconds * 1000;
  const sleepUntil = (at: number) =>
    new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));
  await Promise.all(
    forms.map(async (form, index) => {
      for (
        let due = startedAt + (index / forms.length) * SAVE_INTERVAL_MS;
        due < endsAt;
        due += SAVE_INTERVAL_MS
      ) {
        await sleepUntil(due);
        sent += 1;
        try {
          const answer = await saveOf(form);
          latenciesMs.push(performance.now() - due);
          if (answer.status !== 200) {
            const key = `${answer.status} ${answer.body.slice(0, 60).replace(/\d+/g, 'N')}`;
            failures.set(key, (failures.get(key) ?? 0) + 1);
          } else {
            const version = /"version":(\d+)/.exec(answer.body);
            if (version) form.version = Number(version[1]);
          }
        } catch (error) {
          const key = `error ${(error as Error).message.slice(0, 60)}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      }
    }),
  );
  latenciesMs.sort((a, b) => a - b);
  return { latenciesMs, sent, failures, seconds: (performance.now() - startedAt) / 1000 };
}

async function runAutosave(
  run: SurgeTarget & { forms: number; settings: AutosaveSettings; log: (line: string) => void },
): Promise<BenchSection> {
  const { settings, log } = run;
  const label = run.kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const warmUpCount = Math.min(200, run.forms);
  log(`autosave on ${label}: preparing ${run.forms + 1} open forms (enterprises, filers, sessions, drafts)`);
  const [measured, ...filers] = await prepareFilers(run, run.forms + 1);
  const forms: OpenForm[] = filers.map((filer) => ({
    filer,
    values: JSON.parse(filer.valuesJson) as OpenForm['values'],
    version: 1,
  }));
  const amplification = await measureOneSave(run, measured!);
  const databaseEnv: NodeJS.ProcessEnv =
    run.kind === 'postgres' ? { DATABASE_URL: run.url } : { DATA_DIR: run.dataDir };
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });

  const zhibao = await startChild(mainScript, {
    ...databaseEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    HOST: '127.0.0.1',
  });
  let load: LoadResult;
  try {
    const url = new URL(zhibao.url);
    const saveOf = (form: OpenForm) =>
      send(
        agent,
        url,
        'PUT',
        `/api/enterprise/tasks/${form.filer.taskId}/filing`,
        { cookie: form.filer.cookie, 'x-csrf-token': form.filer.csrfToken },
        nextSaveBody(form),
      );
    log(`autosave on ${label}: warming up with ${warmUpCount} saves`);
    for (const form of forms.slice(0, warmUpCount))
      await saveOf(form).then((answer) => {
        const version = /"version":(\d+)/.exec(answer.body);
        if (version) form.version = Number(version[1]);
      });
    log(
      `autosave on ${label}: ${run.forms} open forms, one save each every ${SAVE_INTERVAL_MS / 1000} s, for ${settings.seconds} s`,
    );
    load = await driveOpenForms(forms, settings.seconds, saveOf);
  } finally {
    await zhibao.stop();
  }

  const baselineProcess = await startChild(
    baselineScript,
    run.kind === 'postgres' ? { BASELINE_DATABASE_URL: run.url } : { BASELINE_DATA_DIR: run.dataDir },
  );
  let baseline: LoadResult;
  try {
    const url = new URL(baselineProcess.url);
    const saveOf = (form: OpenForm) => send(agent, url, 'POST', '/submit', {}, nextSaveBody(form));
    log(`autosave on ${label}: baseline (bare Fastify, one INSERT of the same body), same schedule`);
    for (const form of forms.slice(0, warmUpCount)) await saveOf(form);
    baseline = await driveOpenForms(forms, settings.seconds, saveOf);
  } finally {
    await baselineProcess.stop();
    agent.destroy();
  }

  const rate = (result: LoadResult) => round(result.latenciesMs.length / result.seconds);
  const failed = [...load.failures.values()].reduce((sum, count) => sum + count, 0);
  const p = (result: LoadResult, fraction: number) => round(percentile(result.latenciesMs, fraction));
  const offered = round(run.forms / (SAVE_INTERVAL_MS / 1000));
  const rows: BenchRow[] = [
    {
      measure: `saves per second answered (${run.forms.toLocaleString('en')} open forms, ${offered} saves/s offered)`,
      value: rate(load),
      unit: 'saves/s',
      baseline: 'bare Fastify + one INSERT, same schedule',
      baselineValue: rate(baseline),
      ratio: round(rate(load) / Math.max(rate(baseline), 0.001), 3),
      ratioMeaning: 'Zhibao ÷ baseline; 1 when it keeps up',
    },
    {
      measure: 'save latency p50 (from when the save was due)',
      value: p(load, 0.5),
      unit: 'ms',
      baseline: 'bare Fastify INSERT p50',
      baselineValue: p(baseline, 0.5),
      ratio: round(p(load, 0.5) / Math.max(p(baseline, 0.5), 0.1), 2),
      ratioMeaning: 'Zhibao ÷ baseline; lower is better',
    },
    {
      measure: 'save latency p99 (from when the save was due)',
      value: p(load, 0.99),
      unit: 'ms',
      baseline: 'bare Fastify INSERT p99',
      baselineValue: p(baseline, 0.99),
      ratio: round(p(load, 0.99) / Math.max(p(baseline, 0.99), 0.1), 2),
      ratioMeaning: 'Zhibao ÷ baseline; lower is better',
      ...(run.kind === 'postgres'
        ? { target: '≤ 200 ms at 5,000 open forms', isTargetMet: p(load, 0.99) <= 200 && run.forms >= 5000 }
        : { target: '≤ 200 ms at 1,000 open forms', isTargetMet: p(load, 0.99) <= 200 && run.forms >= 1000 }),
    },
    ...(amplification.rows === null
      ? []
      : [
          {
            measure: 'rows written by one save',
            value: amplification.rows,
            unit: 'rows',
            baseline: 'bare Fastify: one INSERT',
            baselineValue: 1,
            ratio: amplification.rows,
            ratioMeaning: amplification.rowsByTable,
          },
        ]),
    {
      measure: 'WAL bytes written by one save (median)',
      value: amplification.walBytes,
      unit: 'bytes',
      baseline: 'the save’s request body',
      baselineValue: amplification.bodyBytes,
      ratio: round(amplification.walBytes / amplification.bodyBytes, 2),
      ratioMeaning: 'WAL ÷ body; the write amplification',
    },
    {
      measure: 'failed saves (non-2xx, connection errors)',
      value: failed,
      unit: 'saves',
      baseline: 'bare Fastify failures',
      baselineValue: [...baseline.failures.values()].reduce((sum, count) => sum + count, 0),
      ratio: failed === 0 ? 1 : 0,
      ratioMeaning: '1 when Zhibao had none',
      target: 'no failures',
      isTargetMet: failed === 0,
    },
  ];
  return {
    title: `Autosave on ${label}`,
    method: [
      `${run.forms.toLocaleString('en')} enterprises in 深圳市南山区, each with a filer, a session and a draft of one open`,
      `monthly report; every form saves its values with one cell changed (${CHANGED_CELL} + 0.01) every`,
      `${SAVE_INTERVAL_MS / 1000} s, the forms' first saves spread evenly over the first interval, for`,
      `${settings.seconds} s after a warm-up of ${warmUpCount} saves. Open load: a save is sent when due, and its`,
      'latency counts from then. The real server (src/main.ts, NODE_ENV=production) and the baseline (one INSERT',
      'of the same body per request) each run in a child process at the same schedule; the load generator,',
      `the server and ${run.kind === 'postgres' ? 'PostgreSQL' : 'its embedded PGlite'} share the machine's cores.`,
      `Write amplification: ${MEASURED_SAVES} saves of one more form, in-process, one at a time.`,
    ].join(' '),
    rows,
    notes: [
      ...(failed > 0
        ? [
            `Failures: ${[...load.failures]
              .slice(0, 5)
              .map(([key, count]) => `${count} × ${key}`)
              .join('; ')}.`,
          ]
        : []),
      `${load.sent.toLocaleString('en')} saves sent to Zhibao, ${baseline.sent.toLocaleString('en')} to the baseline.`,
      run.kind === 'postgres'
        ? 'WAL bytes are the difference of pg_current_wal_lsn() around each save: the whole cluster’s WAL, so other ' +
          'work on the same PostgreSQL at that moment adds to it; the median of the saves keeps such bursts out. ' +
          'Rows: pg_stat_user_tables (inserted + updated + deleted) before and after the saves, the server’s ' +
          'connections closed first so their counts are flushed.'
        : 'WAL bytes are the difference of pg_current_wal_lsn() around each save in the embedded PGlite (a single ' +
          'process: nothing else writes). PGlite keeps no table statistics, so rows are counted on PostgreSQL only.',
    ],
  };
}

interface SaveAmplification {
  /** Rows inserted, updated or deleted by one save; null where the database keeps no statistics. */
  rows: number | null;
  rowsByTable: string;
  walBytes: number;
  bodyBytes: number;
}

/** Rows written per table so far, from the statistics PostgreSQL keeps. */
async function rowsWrittenByTable(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string; written: string }>(
      'select relname, (n_tup_ins + n_tup_upd + n_tup_del)::text as written from pg_stat_user_tables',
    );
    return new Map(rows.map((row) => [row.relname, Number(row.written)]));
  } finally {
    await client.end();
  }
}

/** One save taken apart: the rows it writes and the WAL it adds, over MEASURED_SAVES saves of one form. */
async function measureOneSave(run: SurgeTarget, filer: Filer): Promise<SaveAmplification> {
  const form: OpenForm = {
    filer,
    values: JSON.parse(filer.valuesJson) as OpenForm['values'],
    version: 1,
  };
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
  const save = async (app: Awaited<ReturnType<typeof buildApp>>) => {
    const body = nextSaveBody(form);
    const response = await app.inject({
      method: 'PUT',
      url: `/api/enterprise/tasks/${filer.taskId}/filing`,
      headers: { cookie: filer.cookie, 'x-csrf-token': filer.csrfToken, 'content-type': 'application/json' },
      payload: body,
    });
    if (response.statusCode !== 200) throw new Error(`save: ${response.body}`);
    form.version = response.json<{ version: number }>().version;
    return Buffer.byteLength(body);
  };
  // A first save, not measured, fills the process's caches as a running server has them.
  let handle = await openDatabase(targetOf(run));
  let app = await buildApp({ db: handle.db, config, now: () => new Date() }, handle);
  await save(app);
  await app.close();
  await handle.close();

  const before = run.kind === 'postgres' ? await rowsWrittenByTable(run.url) : null;
  handle = await openDatabase(targetOf(run));
  app = await buildApp({ db: handle.db, config, now: () => new Date() }, handle);
  const walBytes: number[] = [];
  let bodyBytes = 0;
  try {
    for (let i = 0; i < MEASURED_SAVES; i += 1) {
      const start = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(handle.db);
      bodyBytes = await save(app);
      const { rows } = await sql<{ bytes: string }>`
        select pg_wal_lsn_diff(pg_current_wal_lsn(), ${start.rows[0]!.lsn}::pg_lsn)::text as bytes`.execute(
        handle.db,
      );
      walBytes.push(Number(rows[0]!.bytes));
    }
  } finally {
    await app.close();
    await handle.close();
  }
  walBytes.sort((a, b) => a - b);
  let rows: number | null = null;
  let rowsByTable = '';
  if (before) {
    // A closed connection's backend reports its counts as it exits; give the statistics a moment to land.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await rowsWrittenByTable((run as { url: string }).url);
    const perTable = [...after]
      .map(([table, written]) => [table, (written - (before.get(table) ?? 0)) / MEASURED_SAVES] as const)
      .filter(([, written]) => written > 0)
      .sort((a, b) => b[1] - a[1]);
    rows = round(
      perTable.reduce((sum, [, written]) => sum + written, 0),
      1,
    );
    rowsByTable = perTable.map(([table, written]) => `${table} ${round(written, 1)}`).join(', ');
  }
  return { rows, rowsByTable, walBytes: percentile(walBytes, 0.5), bodyBytes };
}
