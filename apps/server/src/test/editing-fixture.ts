import type { Database } from '../db/database.ts';
import type { CellValues } from '../db/schema.ts';
import { createEnterprise, createFiler, createFiling, createTask, userIdOf } from './factories.ts';

/*
 * A fixed data set for statistical editing: a national monthly survey whose July 2026 filings are compared with
 * June and May 2026 and June and July 2025 (the months outlier runs read for year-to-date values).
 *
 * - 渝北 (500112), industry 6513: twelve enterprises with history, each growing by its own rate (5 % … 16 %) over
 *   last year with its own seasonal pattern;
 *   two planted outliers — 'unit-error' typed July's 主营业务收入 (2010) ten times too large, 'collapse' reported
 *   almost no software product revenue in July (2021, so 软件业务收入 2020 falls).
 * - 南山 (440305), industry 6513: ten new enterprises without history, one of them ('giant') fifty times the size
 *   of the others: the class is judged by sigma-gap on the levels.
 */

export const EDITING_PERIOD = '2026-07';
const HISTORY_PERIODS = ['2025-06', '2025-07', '2026-05', '2026-06'] as const;

/**
 * A monthly filing at the end of month `months`, whose monthly increments are `monthly` (万元) times a seasonal
 * factor of the enterprise (a smooth ±3 %), split over the revenue lines; values are year-to-date, to the cent.
 */
function monthlyValues(monthly: number, months: number, season: number): CellValues {
  let total = 0;
  for (let month = 1; month <= months; month += 1) total += monthly * (1 + 0.03 * Math.sin(season + month));
  const ytd = (share: number) => Math.round(total * share * 100) / 100;
  return {
    monthly: {
      '2001': '2',
      '2010': ytd(1.25),
      '2021': ytd(0.4),
      '2022': ytd(0.5),
      '2023': ytd(0.1),
      '20241': 0,
      '2041': ytd(0.05),
      '20421': 0,
      '2043': ytd(0.02),
      '2050': ytd(0.8),
      '2080': ytd(0.2),
      '2090': ytd(0.15),
      '2110': ytd(0.08),
      '2111': ytd(0.3),
      '2112': 50,
    },
  };
}

export interface EditingFixture {
  taskId: string;
  /** Enterprise ids by name: ordinary ones are 'cq0'…'cq9' and 'new0'…'new8'. */
  enterprises: Record<string, string>;
  /** The July filing of each enterprise: submitted, waiting for the district's review. */
  filings: Record<string, string>;
  /** The filer of 'unit-error', whose July filing has its first submitted version on record. */
  unitErrorFiler: { username: string; password: string };
  /** The filer of 'collapse', likewise. */
  collapseFiler: { username: string; password: string };
}

export async function createEditingFixture(db: Database): Promise<EditingFixture> {
  const task = await createTask(db, { period: EDITING_PERIOD });
  const history = Object.fromEntries(
    await Promise.all(
      HISTORY_PERIODS.map(async (period) => [
        period,
        (await createTask(db, { period, closesAt: new Date('2026-07-01T00:00:00Z') })).id,
      ]),
    ),
  ) as Record<(typeof HISTORY_PERIODS)[number], string>;
  const enterprises: Record<string, string> = {};
  const filings: Record<string, string> = {};
  const filers: Record<string, { username: string; password: string }> = {};
  const file = async (name: string, taskId: string, values: CellValues) => {
    const isCurrent = taskId === task.id;
    const hasFiler = isCurrent && (name === 'unit-error' || name === 'collapse');
    if (hasFiler) filers[name] = await createFiler(db, { id: enterprises[name]!, region_code: '500112' });
    const filing = await createFiling(db, {
      taskId,
      enterpriseId: enterprises[name]!,
      status: isCurrent ? 'submitted' : 'approved',
      values,
      userId: hasFiler ? await userIdOf(db, filers[name]!.username) : null,
    });
    if (isCurrent) filings[name] = filing.id;
  };

  const withHistory = [...Array.from({ length: 10 }, (_, index) => `cq${index}`), 'unit-error', 'collapse'];
  for (const [index, name] of withHistory.entries()) {
    enterprises[name] = (await createEnterprise(db, { regionCode: '500112', name: `渝北编辑${name}` })).id;
    const lastYear = 100 * (index + 1);
    const thisYear = lastYear * (1.05 + index / 100);
    const season = index * 0.7;
    await file(name, history['2025-06'], monthlyValues(lastYear, 6, season));
    await file(name, history['2025-07'], monthlyValues(lastYear, 7, season));
    await file(name, history['2026-05'], monthlyValues(thisYear, 5, season));
    await file(name, history['2026-06'], monthlyValues(thisYear, 6, season));
    const july = monthlyValues(thisYear, 7, season);
    const june = monthlyValues(thisYear, 6, season).monthly!;
    if (name === 'unit-error') july.monthly!['2010'] = (june['2010'] as number) + thisYear * 1.25 * 10;
    if (name === 'collapse') july.monthly!['2021'] = (june['2021'] as number) + 0.01;
    await file(name, task.id, july);
  }

  for (const index of Array.from({ length: 10 }, (_, position) => position)) {
    const name = index === 9 ? 'giant' : `new${index}`;
    enterprises[name] = (await createEnterprise(db, { regionCode: '440305', name: `南山编辑${name}` })).id;
    await file(name, task.id, monthlyValues(name === 'giant' ? 5000 : 100 + index * 3, 7, index));
  }
  return {
    taskId: task.id,
    enterprises,
    filings,
    unitErrorFiler: filers['unit-error']!,
    collapseFiler: filers.collapse!,
  };
}
