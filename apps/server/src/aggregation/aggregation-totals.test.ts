import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { monthlyRevenue, roundToCent, sampleMonthlyValues } from '../test/sample-values.ts';
import { databaseKinds } from '../test/test-database.ts';

// The 汇总 totals are kept by the database as filings change (migration 20261124T1000); whoever changes a
// filing or an enterprise, the next 汇总 must show it.

interface Report {
  filingCount: number;
  indicators: Array<{ id: string; total: number | null }>;
  children: Array<{ key: string; filingCount: number; values: Record<string, number | null> }>;
  byIndustry: Array<{ key: string; filingCount: number; values: Record<string, number | null> }>;
  trend: Array<{ period: string; filingCount: number }>;
}

describe.each(databaseKinds)('kept 汇总 totals on %s', (kind) => {
  let t: TestApp;
  let ministry: SignedIn;
  let shenzhen: SignedIn;
  let taskId: string;
  let aprilTaskId: string;
  const nanshan = sampleMonthlyValues(11, 2);
  const futian = sampleMonthlyValues(12, 1);
  const yubei = sampleMonthlyValues(13, 3);
  let nanshanFilingId: string;
  let nanshanEnterpriseId: string;
  let yubeiFilingId: string;

  const report = async (who: SignedIn, query = '') =>
    (await getAs(t.app, who, `/api/admin/aggregation?taskId=${taskId}${query}`)).json() as Report;
  const total = (value: Report) => value.indicators.find((row) => row.id === 'monthly.2010')!.total;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db, { period: '2026-05' })).id;
    aprilTaskId = (await createTask(db, { period: '2026-04' })).id;
    const ns = await createEnterprise(db, { regionCode: '440305', name: '南山合计甲' });
    const ft = await createEnterprise(db, { regionCode: '440304', name: '福田合计甲' });
    const yb = await createEnterprise(db, { regionCode: '500112', name: '渝北合计甲' });
    nanshanEnterpriseId = ns.id;
    nanshanFilingId = (
      await createFiling(db, { taskId, enterpriseId: ns.id, status: 'approved', values: nanshan })
    ).id;
    await createFiling(db, { taskId, enterpriseId: ft.id, status: 'approved', values: futian });
    yubeiFilingId = (
      await createFiling(db, { taskId, enterpriseId: yb.id, status: 'approved', values: yubei })
    ).id;
    await createFiling(db, { taskId: aprilTaskId, enterpriseId: ft.id, status: 'approved', values: futian });
    await createFiling(db, { taskId: aprilTaskId, enterpriseId: yb.id, status: 'draft', values: yubei });
    const signInAs = async (adminLevel: 'ministry' | 'city', regionCode: string) =>
      signIn(
        t.app,
        ...(Object.values(await createAdmin(db, { adminLevel, regionCode })) as [string, string]),
      );
    ministry = await signInAs('ministry', '000000');
    shenzhen = await signInAs('city', '440300');
  });
  afterAll(() => t.close());

  it('totals the nation per province, per 行业, and month by month for the trend', async () => {
    const national = await report(ministry);
    expect(national.filingCount).toBe(3);
    expect(total(national)).toBe(
      roundToCent(monthlyRevenue(nanshan) + monthlyRevenue(futian) + monthlyRevenue(yubei)),
    );
    const provinces = Object.fromEntries(
      national.children.map((row) => [row.key, row.values['monthly.2010']]),
    );
    expect(provinces).toEqual({
      '440000': roundToCent(monthlyRevenue(nanshan) + monthlyRevenue(futian)),
      '500000': roundToCent(monthlyRevenue(yubei)),
    });
    expect(national.byIndustry).toEqual([expect.objectContaining({ key: '6513', filingCount: 3 })]);
    // April counts only its approved filing; a draft never counts.
    expect(national.trend.map((row) => [row.period, row.filingCount])).toEqual([
      ['2026-04', 1],
      ['2026-05', 3],
    ]);
  });

  it('follows a changed, returned or removed filing at once', async () => {
    const db = t.ctx.db;
    const corrected = sampleMonthlyValues(14, 5);
    await db
      .updateTable('filings')
      .set({ cell_values: JSON.stringify(corrected) })
      .where('id', '=', nanshanFilingId)
      .execute();
    expect(total(await report(ministry))).toBe(
      roundToCent(monthlyRevenue(corrected) + monthlyRevenue(futian) + monthlyRevenue(yubei)),
    );

    await db
      .updateTable('filings')
      .set({ status: 'returned', pending_level: null })
      .where('id', '=', yubeiFilingId)
      .execute();
    const afterReturn = await report(ministry);
    expect(afterReturn.filingCount).toBe(2);
    expect(afterReturn.children.map((row) => row.key)).toEqual(['440000']);

    await db.deleteFrom('filing_reviews').where('filing_id', '=', nanshanFilingId).execute();
    await db.deleteFrom('filing_revisions').where('filing_id', '=', nanshanFilingId).execute();
    await db.deleteFrom('filings').where('id', '=', nanshanFilingId).execute();
    const afterDelete = await report(ministry);
    expect(afterDelete.filingCount).toBe(1);
    expect(total(afterDelete)).toBe(roundToCent(monthlyRevenue(futian)));

    // Put back for the next test.
    nanshanFilingId = (
      await createFiling(db, {
        taskId,
        enterpriseId: nanshanEnterpriseId,
        status: 'approved',
        values: nanshan,
      })
    ).id;
  });

  it('moves an enterprise’s totals with it when it changes district or 行业', async () => {
    const db = t.ctx.db;
    await db
      .updateTable('enterprises')
      .set({ region_code: '440304', industry_code: '6511' })
      .where('id', '=', nanshanEnterpriseId)
      .execute();
    const city = await report(shenzhen);
    expect(city.children.map((row) => [row.key, row.filingCount])).toEqual([['440304', 2]]);
    expect(city.children[0]!.values['monthly.2010']).toBe(
      roundToCent(monthlyRevenue(nanshan) + monthlyRevenue(futian)),
    );
    const national = await report(ministry);
    expect(national.byIndustry.map((row) => [row.key, row.filingCount])).toEqual([
      ['6511', 1],
      ['6513', 1],
    ]);
    expect(national.byIndustry[0]!.values['monthly.2010']).toBe(roundToCent(monthlyRevenue(nanshan)));
  });
});
