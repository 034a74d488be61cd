import { deriveComputedCells, editingMethods, getEdition, type FilingValues } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import { createEditingFixture, EDITING_PERIOD, type EditingFixture } from '../test/editing-fixture.ts';
import { createEnterprise, createFiling } from '../test/factories.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../test/test-database.ts';
import { periodsRead, type UnitColumns } from './outlier-detection.ts';
import { readOutlierUnits, type OutlierRunTask } from './outlier-run.ts';

// The run derives the key indicators from only the typed cells they are computed from, read as text: it must
// give what deriving each whole filing gives.

type UnitValues = Record<string, { unit: string[]; values: Record<string, Array<number | null>> }>;

/** The straightforward reading: every filing's whole values, every computed cell derived. */
async function deriveWholeFilings(test: TestDatabase, task: OutlierRunTask): Promise<UnitValues> {
  const edition = getEdition(task.edition_id);
  const { keyIndicators } = editingMethods(edition, task.period_type);
  const filings = await test.handle.db
    .selectFrom('filings as f')
    .innerJoin('survey_tasks as t', 't.id', 'f.task_id')
    .innerJoin('enterprises as e', 'e.id', 'f.enterprise_id')
    .select(['f.id', 'f.enterprise_id', 'f.cell_values', 't.period', 'e.region_code', 'e.industry_code'])
    .where('t.owner_region_code', '=', task.owner_region_code)
    .where('t.period_type', '=', task.period_type)
    .where('t.period', 'in', periodsRead(task.period_type, task.period))
    .where('f.status', 'in', ['submitted', 'approved'])
    .execute();
  const units: UnitValues = {};
  for (const filing of filings.filter((found) => found.period === task.period))
    units[filing.enterprise_id] = {
      unit: [filing.id, filing.region_code, filing.industry_code],
      values: {},
    };
  for (const filing of filings) {
    const unit = units[filing.enterprise_id];
    if (!unit) continue;
    const derived = deriveComputedCells(edition, task.period_type, filing.cell_values as FilingValues);
    unit.values[filing.period] = keyIndicators.map(({ formId, key }) => {
      const value = derived[formId]?.[key];
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    });
  }
  return units;
}

function byEnterprise(columns: UnitColumns): UnitValues {
  const units: UnitValues = {};
  for (const [position, id] of columns.enterpriseIds.entries()) {
    const values: Record<string, Array<number | null>> = {};
    for (const [period, indicators] of columns.valuesByPeriod) {
      const found = indicators.map((values) => values[position] as number);
      // A period the enterprise did not file has no values at all.
      if (found.some((value) => !Number.isNaN(value)))
        values[period] = found.map((value) => (Number.isNaN(value) ? null : value));
    }
    units[id] = {
      unit: [columns.filingIds[position]!, columns.regionCodes[position]!, columns.industryCodes[position]!],
      values,
    };
  }
  return units;
}

describe.each(databaseKinds)('the outlier run’s reading of the key indicators on %s', (kind) => {
  let test: TestDatabase;
  let fixture: EditingFixture;
  let task: OutlierRunTask;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const db = test.handle.db;
    fixture = await createEditingFixture(db);
    task = await db
      .selectFrom('survey_tasks')
      .select(['edition_id', 'period_type', 'period', 'owner_region_code'])
      .where('id', '=', fixture.taskId)
      .executeTakeFirstOrThrow();
    const taskOf = async (period: string) =>
      (
        await db
          .selectFrom('survey_tasks')
          .select('id')
          .where('period', '=', period)
          .where('owner_region_code', '=', task.owner_region_code)
          .executeTakeFirstOrThrow()
      ).id;
    // What a filing may hold beyond plain numbers: blanks, numbers as text, text that is no number (with commas, which
    // the reading joins cells with), a value typed into a 合计, an amount the derivation rounds; and a draft, which
    // the run does not read.
    const odd = (await createEnterprise(db, { regionCode: '500112', name: '渝北编辑odd' })).id;
    const values = (monthly: CellValues[string]): CellValues => ({ monthly });
    await createFiling(db, {
      taskId: fixture.taskId,
      enterpriseId: odd,
      status: 'submitted',
      values: values({
        '2010': '1200.5',
        '2021': null,
        '2022': ' 300 ',
        '2023': 'abc',
        '2020': 99999,
        '20241': 123.45,
        '2041': '',
        '2090': -12.5,
      }),
    });
    await createFiling(db, {
      taskId: await taskOf('2026-06'),
      enterpriseId: odd,
      status: 'approved',
      values: values({
        '2010': 1000,
        '2021': '1,5',
        '2022': ',',
        '20421': 10.05,
        '2043': 'n/a',
        '2090': '1e3',
      }),
    });
    await createFiling(db, {
      taskId: await taskOf('2026-05'),
      enterpriseId: odd,
      status: 'draft',
      values: values({ '2010': 800, '2021': 400 }),
    });
  });
  afterAll(() => test.drop());

  it('gives every unit of the period the key indicators that deriving its whole filings gives', async () => {
    expect(task.period).toBe(EDITING_PERIOD);
    const expected = await deriveWholeFilings(test, task);
    expect(Object.keys(expected)).toHaveLength(23);
    expect(byEnterprise(await readOutlierUnits(test.handle.db, task))).toEqual(expected);
  });
});
