import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { buildUscc, createSampleFiling, editionForPeriod } from '@zhibao/survey';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { repoRoot } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { subjectBodyFor } from '../src/db/seed/scale/scale-seed.ts';
import { seedReferenceData } from '../src/db/seed/seed.ts';
import { writeOldPlatformExport, type Sheet } from '../src/moving-in/old-platform-files.ts';
import { regionSeed } from '../src/region/region-data.ts';
import type { BenchSection } from './bench-report.ts';

// Moving in at the scale (issue 21): an old-platform export of N enterprises, their accounts (MD5) and a
// year of their filings (twelve monthly 明细 workbooks and one annual, 13 × N filings), imported by
// `migrate:import` in a child process of its own into a fresh PostgreSQL database, then again (the second run
// changes nothing); the baseline is a bare COPY of the same enterprise and filing rows into tables like theirs.

const run = promisify(execFile);
const year = 2025;
const templates = 40;

interface ChildRun {
  seconds: number;
  counts: Record<string, number>;
  refusals: number;
  peakRssMb: number;
  idleRssMb: number;
}

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The old platform's export of `enterprises` enterprises, with the values of each filing for the COPY. */
function planExport(enterprises: number) {
  const counties = regionSeed.filter((region) => region.level === 'county').map((region) => region.code);
  const directory = Array.from({ length: enterprises }, (_, serial) => {
    const county = counties[serial % counties.length]!;
    return {
      uscc: buildUscc({ authority: '9', kind: '1', division: county, subject: subjectBodyFor(serial, 'B') }),
      name: `迁入基准软件企业${serial + 1}号有限公司`,
      county,
    };
  });
  const months = Array.from({ length: 12 }, (_, index) => `${year}-${String(index + 1).padStart(2, '0')}`);
  // A few dozen sample enterprises' figures, dealt out in turn: generating 650,000 fresh filings would time the
  // generator rather than the import.
  const monthly = months.map((period, index) =>
    Array.from(
      { length: templates },
      (_, seed) =>
        createSampleFiling(editionForPeriod(period), {
          periodType: 'month',
          seed: seed + 1,
          scale: 0.5 + seed / 10,
          monthIndex: index + 1,
        }).monthly as Record<string, number | string>,
    ),
  );
  const annual = Array.from(
    { length: templates },
    (_, seed) =>
      createSampleFiling(editionForPeriod(String(year)), {
        periodType: 'year',
        seed: seed + 1,
        scale: 0.5 + seed / 10,
      }) as Record<string, Record<string, number | string>>,
  );
  // Every column any sample has (a form such as the AI one is filled by some enterprises only).
  const monthlyCodes = [...new Set(monthly.flat().flatMap((values) => Object.keys(values)))];
  const annualColumns = [
    ...new Set(
      annual.flatMap((forms) =>
        Object.entries(forms).flatMap(([form, cells]) =>
          Object.keys(cells).map((key) => `${form}\u0000${key}`),
        ),
      ),
    ),
  ].map((column) => column.split('\u0000') as [string, string]);
  function* monthRows(month: number): Iterable<Sheet[number]> {
    yield ['统一社会信用代码', '企业名称', '报告期', ...monthlyCodes];
    for (const [serial, enterprise] of directory.entries()) {
      const values = monthly[month]![serial % templates]!;
      yield [
        enterprise.uscc,
        enterprise.name,
        months[month]!,
        ...monthlyCodes.map((code) => values[code] ?? ''),
      ];
    }
  }
  function* yearRows(): Iterable<Sheet[number]> {
    yield ['统一社会信用代码', '企业名称', '报告期', ...annualColumns.map(([form, key]) => `${form}.${key}`)];
    for (const [serial, enterprise] of directory.entries()) {
      const values = annual[serial % templates]!;
      yield [
        enterprise.uscc,
        enterprise.name,
        String(year),
        ...annualColumns.map(([form, key]) => values[form]?.[key] ?? ''),
      ];
    }
  }
  const filings: Record<string, Iterable<Sheet[number]>> = {};
  for (let month = 0; month < 12; month += 1) filings[`${months[month]}月报明细.xlsx`] = monthRows(month);
  filings[`${year}年报明细.xlsx`] = yearRows();
  return {
    directory,
    files: {
      directory: [
        ['统一社会信用代码', '企业名称', '行政区划代码', '法定代表人', '行业代码', '重点企业'],
        ...directory.map((enterprise) => [
          enterprise.uscc,
          enterprise.name,
          enterprise.county,
          '张三',
          '6510',
          '否',
        ]),
      ],
      accounts: [
        ['用户名', '密码哈希', '盐值', '加密方式', '手机号', '姓名', '统一社会信用代码'],
        ...directory.map((enterprise, serial) => [
          `old_${serial}`,
          createHash('md5').update(`oldpass${serial}`).digest('hex'),
          '',
          'MD5',
          '',
          `填报员${serial}`,
          enterprise.uscc,
        ]),
      ],
      filings,
    },
    /** Each filing's period and cell values, as the import stores them, for the COPY. */
    *filingValues(): Iterable<{ uscc: string; period: string; values: object }> {
      for (let month = 0; month < 12; month += 1) {
        for (const [serial, enterprise] of directory.entries()) {
          yield {
            uscc: enterprise.uscc,
            period: months[month]!,
            values: { monthly: monthly[month]![serial % templates] },
          };
        }
      }
      for (const [serial, enterprise] of directory.entries()) {
        yield { uscc: enterprise.uscc, period: String(year), values: annual[serial % templates]! };
      }
    },
  };
}

async function importRun(databaseUrl: string, dir: string): Promise<ChildRun> {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'moving-in-bench.child.ts'),
      '--database-url',
      databaseUrl,
      '--from',
      dir,
    ],
    { cwd: repoRoot, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildRun;
}

async function copyRows(client: pg.Client, statement: string, rows: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(rows), client.query(copyFrom(statement)));
}

/** The baseline: the same enterprise and filing rows COPYed into bare tables like enterprises and filings. */
async function copyBaseline(databaseUrl: string, plan: ReturnType<typeof planExport>): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = new Map(
      (await client.query<{ uscc: string; id: string }>('select uscc, id from enterprises')).rows.map(
        (row) => [row.uscc, row.id],
      ),
    );
    const tasks = new Map(
      (
        await client.query<{ period: string; id: string }>(
          'select period, id from survey_tasks where is_historical',
        )
      ).rows.map((row) => [row.period, row.id]),
    );
    await client.query('create table bench_copy_enterprises (like enterprises including all)');
    await client.query(
      'create table bench_copy_filings (like filings including all); alter table bench_copy_filings drop constraint if exists bench_copy_filings_pkey',
    );
    const started = performance.now();
    await copyRows(
      client,
      'copy bench_copy_enterprises (uscc, name, region_code, legal_representative, industry_code) from stdin with (format csv)',
      (function* () {
        for (const enterprise of plan.directory) {
          yield `${enterprise.uscc},${csvField(enterprise.name)},${enterprise.county},张三,6510\n`;
        }
      })(),
    );
    const now = new Date().toISOString();
    await copyRows(
      client,
      'copy bench_copy_filings (task_id, enterprise_id, status, cell_values, explanations, submitted_at, updated_at, is_migrated, migration_findings) from stdin with (format csv)',
      (function* () {
        for (const filing of plan.filingValues()) {
          yield `${tasks.get(filing.period)},${ids.get(filing.uscc)},approved,${csvField(JSON.stringify(filing.values))},{},${now},${now},true,[]\n`;
        }
      })(),
    );
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/** The filings the kept 汇总 totals of the historical tasks count, folded or queued: every imported one. */
async function countKeptFilings(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ filings: number }>(
      `select coalesce(sum(filings), 0)::int as filings from (
         select filings, task_id from aggregation_region_totals
         union all select sign, task_id from aggregation_deltas) kept
       where task_id in (select id from survey_tasks where is_historical)`,
    );
    return result.rows[0]!.filings;
  } finally {
    await client.end();
  }
}

export async function runMovingInBenchmarks(options: {
  databaseUrl: string;
  enterprises: number;
  log: (line: string) => void;
}): Promise<BenchSection> {
  const { enterprises, log } = options;
  // Beside the data set's own name (BENCH_DATABASE_NAME), so two engineers' runs on one server stay apart.
  const name = `${process.env.BENCH_DATABASE_NAME ?? 'zhibao_bench'}_moving_in`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('BENCH_DATABASE_NAME 应为小写字母、数字和下划线');
  const serverUrl = new URL(options.databaseUrl);
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  let dir: string | null = null;
  try {
    const database = await openDatabase({ kind: 'postgres', url: databaseUrl });
    await migrateToLatest(database.db);
    await seedReferenceData(database.db);
    await database.close();

    const plan = planExport(enterprises);
    const filings = enterprises * 13;
    log(
      `moving-in: writing the old platform's export (${enterprises.toLocaleString('en')} enterprises, ${filings.toLocaleString('en')} filings)`,
    );
    dir = await writeOldPlatformExport(plan.files);
    log('moving-in: migrate:import');
    const first = await importRun(databaseUrl, dir);
    log('moving-in: migrate:import again (changes nothing)');
    const second = await importRun(databaseUrl, dir);
    log('moving-in: bare COPY of the same enterprise and filing rows (baseline)');
    const copySeconds = await copyBaseline(databaseUrl, plan);

    const rows = enterprises + filings;
    const rate = (seconds: number) => Math.round(rows / seconds);
    const keptFilings = await countKeptFilings(databaseUrl);
    if (
      first.counts.filingsAdded !== filings ||
      second.counts.filingsUnchanged !== filings ||
      keptFilings !== filings
    ) {
      throw new Error(`moving-in bench: unexpected counts ${JSON.stringify({ first, second, keptFilings })}`);
    }
    return {
      title: 'Moving in (迁入 from the old platform)',
      method:
        `An old-platform export written by \`apps/server/bench/moving-in-bench.ts\`: ${enterprises.toLocaleString('en')} ` +
        `enterprises (企业名录.csv), as many accounts with MD5 hashes (用户.csv) and ${filings.toLocaleString('en')} filings ` +
        `of ${year} in thirteen 明细 workbooks (twelve monthly of ${enterprises.toLocaleString('en')} rows × 28 columns, one ` +
        'annual of as many rows × ~150 columns). `migrate:import` (importOldPlatform) runs in a child process of its ' +
        'own against a fresh PostgreSQL database — workbooks streamed, rows checked, each filing audited with its ' +
        'period’s edition, filings inserted 2,000 to a statement and added to the kept 汇总 totals by that ' +
        'statement (its trigger folds the inserted rows at once; the totals are checked to count every filing) — ' +
        'then again. Baseline: a bare COPY (pg-copy-streams) of the ' +
        'same enterprise and filing rows into tables LIKE enterprises and filings (indexes included), nothing ' +
        'checked. Peak memory: the child’s maximum RSS, beside its RSS with the database open before importing.',
      rows: [
        {
          measure: `migrate:import of ${enterprises.toLocaleString('en')} enterprises + ${filings.toLocaleString('en')} filings (and the accounts)`,
          value: rate(first.seconds),
          unit: 'rows/s',
          baseline: 'bare COPY of the same enterprise and filing rows',
          baselineValue: rate(copySeconds),
          ratio: rate(first.seconds) / rate(copySeconds),
          ratioMeaning: 'the COPY rate',
        },
        {
          measure: `migrate:import of ${filings.toLocaleString('en')} filings, wall time`,
          value: first.seconds,
          unit: 's',
          baseline: 'bare COPY of the same rows',
          baselineValue: copySeconds,
          ratio: first.seconds / copySeconds,
          ratioMeaning: 'the COPY time',
          target: '≤ 600 s for 50,000 enterprises / 650,000 filings',
          isTargetMet: first.seconds * (650_000 / filings) <= 600,
        },
        {
          measure: 'migrate:import again (nothing changes), wall time',
          value: second.seconds,
          unit: 's',
          baseline: 'the first import',
          baselineValue: first.seconds,
          ratio: second.seconds / first.seconds,
          ratioMeaning: 'the first import’s time',
        },
        {
          measure: 'migrate:import peak RSS',
          value: first.peakRssMb,
          unit: 'MB',
          baseline: 'the same process with the database open, before importing',
          baselineValue: first.idleRssMb,
          ratio: first.peakRssMb / first.idleRssMb,
          ratioMeaning: 'the idle process',
        },
      ],
      notes: [
        enterprises === 50_000
          ? 'At the issue’s scale.'
          : `Run at ${enterprises.toLocaleString('en')} enterprises (the issue’s scale is 50,000 / 650,000 filings: \`npm run bench -- --sections moving-in\`); the ≤ 600 s target is judged on the time scaled linearly.`,
        `Refusals listed: ${first.refusals} (the generated export has no defects).`,
      ],
    };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
