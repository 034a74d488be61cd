import { createSampleFiling, getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminLevel, CellValues } from '../db/schema.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signInEach, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// Issue 14, finding 2: two filings holding 1e308 overflowed the float8 sums of 汇总, which then answered 500 at
// every level. Sums are exact (numeric in SQL, integer cents in the service): the largest accepted values add
// up to the cent, 0.1 + 0.2 is 0.3, and even values stored before the bound existed cannot fail 汇总.

interface Report {
  filingCount: number;
  indicators: Array<{ id: string; total: number | null; lastYear: number | null }>;
  children: Array<{ key: string; values: Record<string, number | null> }>;
  enterprises: Array<{ label: string; values: Record<string, number | null> }>;
  trend: Array<{ period: string; values: Record<string, number | null> }>;
}

const LEVELS = ['county', 'city', 'province', 'ministry'] as const;
const REGION_OF: Record<AdminLevel, string> = {
  county: '440305',
  city: '440300',
  province: '440000',
  ministry: '000000',
};

/** Sample monthly values with the given cells replaced. */
const valuesWith = (seed: number, cells: Record<string, number>): CellValues => {
  const values = createSampleFiling(getEdition(), { periodType: 'month', seed, monthIndex: 6 }) as CellValues;
  return { monthly: { ...values.monthly, ...cells } };
};

describe.each(databaseKinds)('exact 汇总 sums on %s', (kind) => {
  let t: TestApp;
  let admins: Record<AdminLevel, SignedIn>;
  let enterprises: Record<'nanshanA' | 'nanshanB' | 'futian' | 'yubei', string>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    enterprises = {
      nanshanA: (await createEnterprise(db, { regionCode: '440305', name: '南山精确甲' })).id,
      nanshanB: (await createEnterprise(db, { regionCode: '440305', name: '南山精确乙' })).id,
      futian: (await createEnterprise(db, { regionCode: '440304', name: '福田精确甲' })).id,
      yubei: (await createEnterprise(db, { regionCode: '500112', name: '渝北精确甲' })).id,
    };
    const accounts = {} as Record<AdminLevel, { username: string; password: string }>;
    for (const level of LEVELS) {
      accounts[level] = await createAdmin(db, { adminLevel: level, regionCode: REGION_OF[level] });
    }
    admins = await signInEach(t.app, accounts);
  });
  afterAll(() => t.close());

  const approve = (taskId: string, enterprise: keyof typeof enterprises, values: CellValues) =>
    createFiling(t.ctx.db, { taskId, enterpriseId: enterprises[enterprise], status: 'approved', values });

  const reportOf = async (level: AdminLevel, taskId: string) => {
    const response = await getAs(t.app, admins[level], `/api/admin/aggregation?taskId=${taskId}`);
    expect(response.statusCode, `${level}: ${response.body}`).toBe(200);
    return response.json<Report>();
  };
  const exportedTotalOf = async (level: AdminLevel, taskId: string, code: string) => {
    const response = await getAs(t.app, admins[level], `/api/admin/aggregation/export?taskId=${taskId}`);
    expect(response.statusCode, `${level} export: ${response.body.slice(0, 200)}`).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const row = workbook
      .getWorksheet('汇总')!
      .getRows(4, 60)!
      .find((candidate) => candidate.getCell(1).value === code)!;
    return row.getCell(4).value;
  };
  const totalOf = (report: Report, id: string) => report.indicators.find((row) => row.id === id)!.total;

  it('adds two filings at the bound exactly at district, city, province and national level, and exports them', async () => {
    const taskId = (await createTask(t.ctx.db, { period: '2026-07' })).id;
    const lastYearTaskId = (await createTask(t.ctx.db, { period: '2025-07' })).id;
    const atBound = { '2010': 999_999_999.99, '2021': 1_000_000_000, '2090': -1_000_000_000 };
    await approve(taskId, 'nanshanA', valuesWith(1, atBound));
    await approve(taskId, 'nanshanB', valuesWith(2, atBound));
    await approve(taskId, 'futian', valuesWith(3, { '2010': 0.1, '2090': 0.1 }));
    await approve(taskId, 'yubei', valuesWith(4, { '2010': 0.2, '2090': 0.2 }));
    // Last year's filing of one enterprise: growth and 同口径 are summed on read as well.
    await approve(lastYearTaskId, 'nanshanA', valuesWith(1, atBound));

    const expected: Record<AdminLevel, { revenue: number; profit: number }> = {
      county: { revenue: 1_999_999_999.98, profit: -2_000_000_000 },
      city: { revenue: 2_000_000_000.08, profit: -1_999_999_999.9 },
      province: { revenue: 2_000_000_000.08, profit: -1_999_999_999.9 },
      ministry: { revenue: 2_000_000_000.28, profit: -1_999_999_999.7 },
    };
    for (const level of LEVELS) {
      const report = await reportOf(level, taskId);
      expect(totalOf(report, 'monthly.2010'), level).toBe(expected[level].revenue);
      expect(totalOf(report, 'monthly.2090'), level).toBe(expected[level].profit);
      expect(report.trend.find((point) => point.period === '2026-07')!.values['monthly.2010'], level).toBe(
        expected[level].revenue,
      );
      expect(await exportedTotalOf(level, taskId, '2010'), level).toBe(expected[level].revenue);
    }
    const county = await reportOf('county', taskId);
    expect(county.indicators.find((row) => row.id === 'monthly.2010')!.lastYear).toBe(999_999_999.99);
    expect(county.enterprises.map((row) => row.values['monthly.2010'])).toEqual([
      999_999_999.99, 999_999_999.99,
    ]);
    const city = await reportOf('city', taskId);
    expect(Object.fromEntries(city.children.map((row) => [row.key, row.values['monthly.2010']]))).toEqual({
      '440304': 0.1,
      '440305': 1_999_999_999.98,
    });
    const nation = await reportOf('ministry', taskId);
    expect(Object.fromEntries(nation.children.map((row) => [row.key, row.values['monthly.2010']]))).toEqual({
      '440000': 2_000_000_000.08,
      '500000': 0.2,
    });
  });

  it('sums 0.1 and 0.2 across filings to exactly 0.3, on screen and in the export', async () => {
    const taskId = (await createTask(t.ctx.db, { period: '2026-08' })).id;
    await approve(taskId, 'nanshanA', valuesWith(5, { '2041': 0.1, '2043': 0.7 }));
    await approve(taskId, 'nanshanB', valuesWith(6, { '2041': 0.2, '2043': 0.1 }));
    const county = await reportOf('county', taskId);
    expect(totalOf(county, 'monthly.2041')).toBe(0.3);
    expect(totalOf(county, 'monthly.2043')).toBe(0.8);
    expect(String(totalOf(county, 'monthly.2041'))).toBe('0.3');
    expect(totalOf(await reportOf('ministry', taskId), 'monthly.2041')).toBe(0.3);
    expect(await exportedTotalOf('county', taskId, '2041')).toBe(0.3);
  });

  it('still answers 汇总 and its export when filings stored before the bound hold 1e308', async () => {
    const taskId = (await createTask(t.ctx.db, { period: '2026-09' })).id;
    const lastYearTaskId = (await createTask(t.ctx.db, { period: '2025-09' })).id;
    const legacyA = valuesWith(7, { '2010': 1e308 });
    const legacyB = valuesWith(8, { '2010': 1e308 });
    await approve(taskId, 'nanshanA', legacyA);
    await approve(taskId, 'nanshanB', legacyB);
    await approve(lastYearTaskId, 'nanshanA', valuesWith(7, {}));
    const expenses =
      Math.round((Number(legacyA.monthly!['2080']) + Number(legacyB.monthly!['2080'])) * 100) / 100;
    for (const level of LEVELS) {
      const report = await reportOf(level, taskId);
      expect(report.filingCount, level).toBe(2);
      // 2 × 10^308 has no double: the total shows blank rather than failing, and the other cells still add up.
      expect(totalOf(report, 'monthly.2010'), level).toBeNull();
      expect(totalOf(report, 'monthly.2080'), level).toBe(expenses);
      expect(await exportedTotalOf(level, taskId, '2080'), level).toBe(expenses);
    }
  });
});
