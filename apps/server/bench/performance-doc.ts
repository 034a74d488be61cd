import type { BenchRow, BenchSection } from './bench-report.ts';

// docs/performance.md, written by `npm run bench` from the sections of one run.

export interface BenchMachine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  date: string;
  enterprises: number;
  /** Null when the run reused a data set kept by an earlier run (`--keep-database`). */
  seedSeconds: number | null;
  /** One-minute load average when the run ended: other work on a shared machine moves the absolute figures. */
  load: number;
}

function formatNumber(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en', { maximumFractionDigits: digits });
}

const cellText = (text: string) => text.replaceAll('|', '\\|');

function rowsTable(rows: BenchRow[]): string[] {
  return [
    '| measure | value | baseline (same run) | ratio | target |',
    '|---|---:|---|---:|---|',
    ...rows.map(
      (row) =>
        `| ${cellText(row.measure)} | ${formatNumber(row.value)} ${row.unit} | ${cellText(row.baseline)}: ` +
        `${formatNumber(row.baselineValue)} ${row.unit} | ${row.ratio.toFixed(2)}× (${row.ratioMeaning}) | ` +
        `${row.target ? `${row.target} ${row.isTargetMet ? '✓' : '✗'}` : '—'} |`,
    ),
  ];
}

// The fixes the benchmarks led to. "Before" figures were measured once, on 2026-11-23, on the 50,000-enterprise
// data set, with the code before each fix; the "after" figures are this run's rows named "fix: …".
const fixes = [
  '**汇总 from kept totals** (migration `20261124T1000-aggregation-totals`, `aggregation.repository.ts`). Before, ' +
    'the national report of one month summed every filing’s JSON with `jsonb_each` about twenty times (the ' +
    'whole, per district, 行业, 规模, 重点, and once per month of the trend): 83–100 s at 50,000 enterprises on ' +
    'this machine while it was shared (one such grouping alone: 3.3 s; one hand-written GROUP BY of every ' +
    'summable cell: 0.9 s). Now a trigger appends each counted filing’s change to a delta table and the report ' +
    'folds the deltas into per-district and per-province × 行业 × 规模 × 重点 totals, then sums a few thousand ' +
    'rows: see “national 汇总” above, and the row “right after 100 filings…” for the price of folding, paid by ' +
    'the next read. First version of the kept totals: 2.7 s; then one fold per report instead of one per read ' +
    '(an empty fold still scans the delta table: 100 ms until vacuumed, 3–10 ms after), the attribute totals ' +
    'read once for the three breakdowns, and the trend summed in SQL over only the typed cells that feed its two ' +
    'headline indicators (12 rows back instead of 18,000): 0.19–0.29 s.',
  '**Region-prefix index** (`enterprises (region_code text_pattern_ops)`, same migration). Drill-downs and the ' +
    "review queue select a region by code prefix (`like '4403%'`), which the default btree cannot serve under a " +
    'non-C collation: see the “district page” rows (before = the same page with the index dropped, same run).',
  '**Streamed 明细导出** (`openTaskFilingsExport`, `writeFilingTable`). The only batch export built every filing’s ' +
    'sheets in one in-memory workbook: about 60 filings/s and memory growing with every filing (607 MB at 2,000 ' +
    'filings even when those sheets were streamed, since each filing is sheets of its own). The administrators’ ' +
    'export writes a row per filing through exceljs’s streaming WorkbookWriter, reading filings 1,000 at a time ' +
    'by keyset: see the export rows. Then (24 November) the writer waits for the zip whenever more than 1 MB of ' +
    'XML is queued for it, since exceljs applies no backpressure: with V8’s old space capped at 64 MB the Buffers ' +
    'of the 50,000-filing export went from 40–45 MB to 3 MB and its peak RSS from 251–258 MB to 217 MB (about ' +
    '7,000 filings: 211 MB); and a download cut short now stops the export, which before waited forever for a ' +
    'zip that could not finish.',
  '**Bulk seed** (`npm run seed:scale`). Multi-row INSERTs of 2,000 rows, one transaction per 500 enterprises, ' +
    'totals folded after each batch, `vacuum analyze` at the end. Without the totals, 50,000 enterprises took ' +
    '126 s on PostgreSQL (shared machine); folding the totals batch by batch makes it 2–3× longer (358 s in the ' +
    'run of 2026-11-23).',
  '**On-read sums by path** (`sumCells`, since split into the next fix and `sumSameSetCells`). What the kept totals cannot answer (the enterprise rows of a district, ' +
    'the breakdowns below a province, 同口径) now reads each typed cell by path in one row per group instead of ' +
    'expanding every filing’s JSON with `jsonb_each`, and the enterprise list is sorted with one collator: the ' +
    'busiest district (1,415 enterprises) went from 509 ms to 243 ms, still above the 100 ms target.',
  '**District page from one read** (`listCountedFilings`, `sumFilings` in `aggregation.service.ts`). A city or ' +
    'district page still ran eight on-read statements (the enterprise rows and each of 行业, 规模 and 重点: the ' +
    'sums of every typed cell read by path, and the counts), each a pass over the district’s filings that ' +
    'unpacked every filing’s JSON again for every cell. Now it reads the region’s counted filings once, beside ' +
    'the fold, and sums them in the server over arrays in cell order (the same sums into objects keyed by cell ' +
    'code cost ten times more); the trend is read beside the other totals instead of after them. The busiest ' +
    'district (1,415 enterprises), same data, 24 November: 328 ms before, 6.0× the hand-written GROUP BY; after, ' +
    '82–120 ms over three runs as the machine’s other load varied, 2.1–2.3× the GROUP BY, so the 100 ms target ' +
    'is met only on a quiet machine. The row “fix: the busiest district page…” compares the page with the eight ' +
    'statements alone in the same run. Every report of three tasks × six regions (province, city, districts) × ' +
    'both 口径 came out identical to the code before. Then each row derives and reads only the indicator cells ' +
    '(`deriveCellValues` in the survey package) instead of building every form of each of the 1,415 enterprise ' +
    'rows and picking from it: on a quiet machine, alternating the two versions twice, 80.7 and 86.4 ms before, ' +
    '67 and 76 ms after (1.85–1.9× the GROUP BY, from 2.1–2.2×).',
  '**Deadline surge** (`filing/`, `account/session.*`, region and review-chain caches). SQL statements per ' +
    'submission (load + save + submit) 60 → 12, server CPU per submission on PostgreSQL 11.3 → about 3.5 ms, ' +
    'PGlite 55.6 → about 16 ms; each step with its counters is in ' +
    '[docs/performance-surge.md](performance-surge.md).',
  '**Prepared statements and a one-statement 上报** (`db/database.ts` `reusableQuery`, `executePrepared`; ' +
    '`filing.repository.ts` `submitFilingIfVersion`). Planning took 0.15–0.2 ms of PostgreSQL per read against ' +
    '0.03–0.09 ms executing it; the reads of every request and the writes of 保存 and 上报 now run as named ' +
    'prepared statements, and the common 上报 writes filing, revision, cell history and audit row in one ' +
    'statement without a transaction (11 statements and 11 round trips per submission, from 12 and 14). Back to ' +
    'back on the same machine (200 filers × 2): PostgreSQL CPU per submission 5.7–6.3 → 2.9–3.0 ms, submissions/s ' +
    '98.5 → 131 (docs/performance-surge.md, third round).',
  '**PGlite behind the pg driver** (`db/pglite-stream.ts`). PGlite’s own `query()` made six calls into the ' +
    'database per statement (parse, describe, bind, describe, execute, sync), planned the text every time and ' +
    'copied its type parsers for every result. The server now talks to PGlite through `pg`, as to PostgreSQL, ' +
    'over an in-process stream: one call per statement, the same named prepared statements and the same parsing ' +
    'of values on both databases. PGlite surge, same machine, 24 November: server CPU per submission 18.9 → ' +
    '6.3 ms, 54 → 166 submissions/s (target ≥ 100 met); in-process, one filer at a time: 17.3 → 7.8 ms per ' +
    'submission.',
  '**A compiled server, and initdb in a process of its own** (`src/build/server-bundle.ts`, ' +
    '`db/pglite-init.child.mjs`). `npm start` ran src/main.ts through tsx: 551–930 MB resident against 313 MB for ' +
    'PGlite alone on the same data. Most of the excess on a first start was PGlite’s initdb, about 450 MB the ' +
    'allocator kept after it was freed (the first start at 1.7× the memory of a restart, 537 MB compiled); the ' +
    'rest tsx’s compiled sources and maps. Now a fresh folder is initialised by a short-lived process and ' +
    '`npm start` runs the bundle with plain node: 412 MB after a first start, 393 MB after a restart, against ' +
    '306 MB for PGlite alone (1.35× and 1.28×), and ready in 0.7× the time (6 December, see “Start-up”).',
];

function seedingText({ enterprises, seedSeconds }: BenchMachine): string {
  if (seedSeconds === null)
    return 'Seeded by an earlier run and kept (`--keep-database`), so not timed here.';
  return `Seeding took ${seedSeconds.toFixed(0)} s (${formatNumber((enterprises * 14) / Math.max(1, seedSeconds))} rows/s).`;
}

/** The whole of docs/performance.md for one run. */
export function renderPerformanceDoc(machine: BenchMachine, sections: BenchSection[]): string {
  const lines = [
    '# Performance',
    '',
    'Written by `npm run bench` (apps/server/bench/run-benchmarks.ts). Every figure is printed beside a baseline ' +
      'measured in the same run, as a ratio; tests never assert timings (these machines are shared and noisy, ' +
      'so absolute figures move between runs while the ratios stay put).',
    '',
    '## Machine and data',
    '',
    `- ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM; Node ${machine.node}; PostgreSQL ` +
      `${machine.postgres}; run ${machine.date}; load average ${machine.load.toFixed(1)} at the end of the run.`,
    `- Data: \`npm run seed:scale -- --enterprises ${machine.enterprises}\` into a fresh database — every province ` +
      '(stand-in cities and districts where the reference data has none), log-normal sizes, twelve monthly ' +
      'filings with year-to-date values and one annual filing per enterprise, about 5% with planted issues, ' +
      `statuses of a year in progress. ${seedingText(machine)}`,
    '- Reproduce: `npm run bench` (50,000 enterprises; `-- --enterprises 10000` for a quicker run, ' +
      '`-- --sections aggregation,export` for some sections). PostgreSQL from `BENCH_DATABASE_URL`, else ' +
      'postgres://postgres@127.0.0.1:5432/postgres; the run creates and drops the database `zhibao_bench` ' +
      '(`-- --keep-database` keeps it and reuses a data set of the same size).',
    '',
    '## Summary',
    '',
    ...rowsTable(sections.flatMap((section) => section.rows)),
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '', section.method, '', ...rowsTable(section.rows), '');
    for (const note of section.notes) lines.push(`- ${note}`);
    if (section.notes.length > 0) lines.push('');
  }
  lines.push(
    '## What the benchmarks changed',
    '',
    'The before → after figures in this list were measured in the runs that made each change (23 November ' +
      '2026, on this machine while it was shared with other work); the tables above are the latest run. Between ' +
      'runs on the same code the absolute times moved by up to 3× with the machine’s other load, while the ' +
      'ratios to the same-run baselines stayed close.',
    '',
  );
  fixes.forEach((fix, index) => lines.push(`${index + 1}. ${fix}`));
  lines.push('');
  return lines.join('\n');
}
