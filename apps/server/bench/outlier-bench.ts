import { editingMethods, getEdition } from '@zhibao/survey';
import { sql } from 'kysely';
import type { AppContext } from '../src/app-context.ts';
import type { Database } from '../src/db/database.ts';
import { periodsRead } from '../src/outlier/outlier-detection.ts';
import { detectTaskOutliers } from '../src/outlier/outlier-run.ts';
import { medianMilliseconds } from './aggregation-bench.ts';
import type { BenchRow, BenchSection } from './bench-report.ts';

// The national Hidiroglou–Berthelot run of one month (apps/server/src/outlier: read the filings of the months
// compared, derive the key indicators, class, test), beside one SQL pass computing the quartiles of the typed
// key indicators per class (industry × province) over the same filings with percentile_cont: what the database
// alone takes to order the same rows.

const RUNS = 3;
const round = (value: number) => Math.round(value * 10) / 10;

/** One percentile_cont pass: the three quartiles of each typed key indicator per industry × province × month. */
function percentileContPass(
  db: Database,
  task: { period: string },
  cells: Array<{ formId: string; key: string }>,
) {
  const quartiles = sql.join(
    cells.map(
      (cell, index) =>
        sql`percentile_cont(array[0.25, 0.5, 0.75]) within group (order by (f.cell_values #>> ${sql.lit(`{${cell.formId},${cell.key}}`)})::numeric) as ${sql.ref(`q${index}`)}`,
    ),
  );
  return sql`
    select e.industry_code, left(e.region_code, 2) as province, t.period, count(*) as filings, ${quartiles}
    from filings f join survey_tasks t on t.id = f.task_id join enterprises e on e.id = f.enterprise_id
    where t.owner_region_code = '000000' and t.period_type = 'month'
      and t.period in (${sql.join(periodsRead('month', task.period))})
      and f.status in ('submitted', 'approved')
    group by 1, 2, 3`.execute(db);
}

export async function runOutlierBenchmarks(options: {
  ctx: AppContext;
  enterprises: number;
  log: (line: string) => void;
}): Promise<BenchSection> {
  const { ctx, log } = options;
  const db = ctx.db;
  const task = await db
    .selectFrom('survey_tasks')
    .select(['id', 'edition_id', 'period_type', 'period', 'owner_region_code'])
    .where('period_type', '=', 'month')
    .where('owner_region_code', '=', '000000')
    .orderBy('period')
    .offset(5)
    .limit(1)
    .executeTakeFirstOrThrow();
  const methods = editingMethods(getEdition(task.edition_id), 'month');
  const typedKeyCells = methods.keyIndicators.filter((cell) => cell.key === '2010' || cell.key === '2090');
  let flags = 0;
  log(`HB run of ${task.period} …`);
  const runMs = await medianMilliseconds(async () => {
    flags = (await detectTaskOutliers(db, task)).length;
  }, RUNS);
  const baselineMs = await medianMilliseconds(() => percentileContPass(db, task, typedKeyCells), RUNS);
  const scale = options.enterprises.toLocaleString('en');
  const row: BenchRow = {
    measure: `national HB run of one month (${scale} enterprises, ${methods.keyIndicators.length} key indicators, ${flags.toLocaleString('en')} flags)`,
    value: round(runMs),
    unit: 'ms',
    baseline: `one SQL percentile_cont pass (quartiles of the typed key indicators per industry × province × month over the same filings)`,
    baselineValue: round(baselineMs),
    ratio: runMs / baselineMs,
    ratioMeaning: 'the percentile_cont time',
    target: '≤ 10 s and within 3× of the percentile_cont pass',
    isTargetMet: runMs <= 10_000 && runMs <= 3 * baselineMs,
  };
  return {
    title: 'Outliers across the population (Hidiroglou–Berthelot)',
    method:
      `Median of ${RUNS} runs after one warm-up, ${task.period} against the previous month (the seeded data set ` +
      'holds one year, so the same month last year has no filings), classes industry × province pooled upward.',
    rows: [row],
    notes: [
      'The run reads the typed cells feeding the key indicators for five months (one text per filing), derives ' +
        'the computed indicators (2020, 2040) per filing from those cells alone and tests every class twice per key ' +
        'indicator, over columns (no object per filing, pair or tested unit); the baseline only orders the typed ' +
        'values inside the database.',
    ],
  };
}
