import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import loadHighs from 'highs';
import type { BenchSection } from '../../../apps/server/bench/bench-report.ts';
import { buildDisclosureTable, protectTable, type DisclosureRules } from '../src/index.ts';
import {
  generatePublicationData,
  INDUSTRY_DIMENSION,
  REGION_DIMENSION,
  REVENUE_DIMENSION,
} from './national-publication-table.ts';

// The national publication tables (31 provinces × 65's industries × 软件业务收入 and its four classes; and
// province × industry tables of 利润总额, 软件业务出口 and 从业人员) built from 38,000 enterprises, protected
// (primary rules, Gaussian elimination, LP widening) and audited by HiGHS. Baseline from the same run: building
// the same tables without disclosure control. Run: npm run bench:disclosure; npm run bench -- --sections disclosure.

const RULES: DisclosureRules = {
  minContributors: 3,
  dominanceN: 2,
  dominanceK: 85,
  pPercent: 10,
  protectionPercent: 10,
};
const ENTERPRISES = 38_000;

interface Timing {
  wallSeconds: number;
  cpuSeconds: number;
}

function timed<T>(work: () => T): [T, Timing] {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(cpu);
  return [
    result,
    { wallSeconds: (performance.now() - wall) / 1000, cpuSeconds: (used.user + used.system) / 1e6 },
  ];
}

export async function runDisclosureBenchmarks(): Promise<BenchSection> {
  const highs = await loadHighs();
  const data = generatePublicationData(ENTERPRISES);
  const build = () => [
    buildDisclosureTable([REGION_DIMENSION, INDUSTRY_DIMENSION, REVENUE_DIMENSION], data.revenue),
    buildDisclosureTable([REGION_DIMENSION, INDUSTRY_DIMENSION], data.profit),
    buildDisclosureTable([REGION_DIMENSION, INDUSTRY_DIMENSION], data.exports),
    buildDisclosureTable([REGION_DIMENSION, INDUSTRY_DIMENSION], data.staff),
  ];
  const [, baseline] = timed(build);
  const [results, protection] = timed(() => build().map((table) => protectTable(highs, table, RULES)));
  const cells = results.reduce((sum, result) => sum + result.table.cells.length, 0);
  const suppressed = results.reduce((sum, result) => sum + result.reasons.size, 0);
  const primary = results.reduce(
    (sum, result) =>
      sum + [...result.reasons.values()].filter((reasons) => reasons[0] !== 'secondary').length,
    0,
  );
  const audited = results.reduce((sum, result) => sum + result.intervals.length, 0);
  const isProtected = results.every((result) => result.isProtected);
  return {
    title: 'Disclosure control of the national publication tables',
    method:
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, load ${loadavg()[0]?.toFixed(1)}; one core, HiGHS ` +
      `${highs.version.string} (WebAssembly). ${ENTERPRISES.toLocaleString('en')} synthetic enterprises ` +
      `(uneven over provinces and industries, heavy-tailed sizes); ${cells.toLocaleString('en')} cells in four ` +
      `tables, ${primary} primary and ${suppressed - primary} secondary suppressions, ${audited} cells audited ` +
      `(two LPs each); every table ${isProtected ? 'passed' : 'FAILED'} the audit. CPU seconds of the process ` +
      '(on a busy shared machine the wall time is longer; both are printed).',
    rows: [
      {
        measure: 'protect and audit the national publication tables (CPU)',
        value: protection.cpuSeconds,
        unit: 's',
        baseline: 'building the same tables without disclosure control',
        baselineValue: baseline.cpuSeconds,
        ratio: protection.cpuSeconds / baseline.cpuSeconds,
        ratioMeaning: 'the baseline time',
        target: '≤ 10 s, every suppressed primary cell protected',
        isTargetMet: protection.cpuSeconds <= 10 && isProtected,
      },
      {
        measure: 'protect and audit the national publication tables (wall)',
        value: protection.wallSeconds,
        unit: 's',
        baseline: 'building the same tables without disclosure control',
        baselineValue: baseline.wallSeconds,
        ratio: protection.wallSeconds / baseline.wallSeconds,
        ratioMeaning: 'the baseline time',
      },
    ],
    notes: [],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const section = await runDisclosureBenchmarks();
  console.log(`${section.title}\n${section.method}`);
  for (const row of section.rows)
    console.log(
      `${row.measure}: ${row.value.toFixed(2)} ${row.unit} | baseline: ${row.baselineValue.toFixed(2)} ${row.unit} ` +
        `(${row.baseline}) | ${row.ratio.toFixed(1)}× ${row.ratioMeaning}` +
        (row.target ? `  [${row.target} ${row.isTargetMet ? '✓' : '✗'}]` : ''),
    );
}
