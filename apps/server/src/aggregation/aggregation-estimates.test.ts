import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { AggregationReport } from '@zhibao/contracts';
import { estimateOfEnterprise } from '../estimation/enterprise-estimate.ts';
import { estimationsUnderWay } from '../estimation/kept-estimates.ts';
import { listTasksWithOwnerRegion } from '../task/task.repository.ts';
import { createEstimationFixture, monthlyFigures } from '../test/estimation-fixture.ts';
import { createAdmin, createEnterprise, createFiling, createTask, userIdOf } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// The data set of estimation-fixture.ts: N1 500 + 80 · (40 + 60)/(30 + 50) = 600 (same-month growth); N2 by its last
// increment 300 + 200 · (40 + 60)/(60 + 120) = 411.11; N3 the class's median of March (160 + 280)/2 = 220; N4 excused.
describe.each(databaseKinds)('汇总 含推算 on %s', (kind) => {
  let t: TestApp;
  let city: SignedIn;
  let taskId: string;
  let ids: Awaited<ReturnType<typeof createEstimationFixture>>['ids'];

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    ({ taskId, ids } = await createEstimationFixture(db));
    const account = await createAdmin(db, { adminLevel: 'city', regionCode: '440300' });
    city = await signIn(t.app, account.username, account.password);
  });
  afterAll(() => t.close());

  const read = async (basis: string) => {
    const response = await getAs(
      t.app,
      city,
      `/api/admin/aggregation?taskId=${taskId}&includeSubmitted=true&basis=${basis}`,
    );
    expect(response.statusCode).toBe(200);
    return response.json() as AggregationReport;
  };
  const indicator = (report: AggregationReport, id: string) =>
    report.indicators.find((row) => row.id === id)!;

  it('仅实报 sums the filings alone, as before', async () => {
    const report = await read('reported');
    expect(report.basis).toBe('reported');
    expect(report.estimation).toBeNull();
    expect(indicator(report, 'monthly.2021')).toMatchObject({ total: 440, estimatedTotal: null });
  });

  it('含推算 adds an estimate for each obliged enterprise that has not filed, by its method', async () => {
    const report = await read('with-estimates');
    expect(report.estimation).toEqual({
      estimatedCount: 3,
      respondentCount: 2,
      methodCounts: { 'same-month-growth': 1, 'last-increment': 1, 'class-median': 1 },
      computedAt: expect.any(String),
      filedSinceCount: 0,
    });
    expect(indicator(report, 'monthly.2021')).toMatchObject({ total: 1671.11, estimatedTotal: 1231.11 });
    // 软件业务收入合计 follows from its estimated parts; 主营业务收入 by its own class figures.
    expect(indicator(report, 'monthly.2020')).toMatchObject({ total: 1671.11, estimatedTotal: 1231.11 });
    expect(indicator(report, 'monthly.2010')).toMatchObject({ total: 3342.22, estimatedTotal: 2462.22 });
  });

  it('says how much of each district is estimated and lists the estimated enterprises as such', async () => {
    const report = await read('with-estimates');
    const nanshan = report.children.find((row) => row.key === '440305')!;
    const baoan = report.children.find((row) => row.key === '440306')!;
    expect(nanshan.values['monthly.2021']).toBe(980);
    expect(nanshan.estimatedValues?.['monthly.2021']).toBe(820);
    expect(baoan.values['monthly.2021']).toBe(691.11);
    expect(baoan.estimatedValues?.['monthly.2021']).toBe(411.11);
    const cityReport = await getAs(
      t.app,
      city,
      `/api/admin/aggregation?taskId=${taskId}&includeSubmitted=true&basis=with-estimates&regionCode=440305`,
    );
    const rows = (cityReport.json() as AggregationReport).enterprises;
    expect(
      rows
        .filter((row) => row.isEstimated)
        .map((row) => row.values['monthly.2021'])
        .sort(),
    ).toEqual([220, 600]);
    expect(rows.some((row) => row.key === ids.n4)).toBe(false);
  });

  const estimatedRows = (report: AggregationReport) => report.enterprises.filter((row) => row.isEstimated);
  /** What a fresh estimation of the nation gives the enterprise now (null: not estimated), without kept estimates. */
  const freshEstimate = async (enterpriseId: string) => {
    const tasks = await listTasksWithOwnerRegion(t.ctx.db);
    return estimateOfEnterprise(
      t.ctx.db,
      tasks.find((task) => task.id === taskId)!,
      tasks,
      enterpriseId,
    );
  };

  // The estimates are kept and recomputed in the background after a change (kept-estimates.ts); what a read
  // serves meanwhile never estimates an enterprise whose filing counts.
  it("drops an enterprise's estimate the moment its filing counts, and says so until estimated again", async () => {
    const before = await read('with-estimates');
    await createFiling(t.ctx.db, {
      taskId,
      enterpriseId: ids.n3!,
      status: 'approved',
      values: monthlyFigures(10),
    });
    const report = await read('with-estimates');
    expect(report.estimation).toMatchObject({
      estimatedCount: 2,
      respondentCount: 3,
      filedSinceCount: 1,
      computedAt: before.estimation!.computedAt,
    });
    expect(indicator(report, 'monthly.2021')).toMatchObject({ estimatedTotal: 1011.11, total: 1461.11 });
    const n3 = report.enterprises.filter((row) => row.key === ids.n3);
    expect(n3).toEqual([
      expect.objectContaining({ filingCount: 1, values: expect.objectContaining({ 'monthly.2021': 10 }) }),
    ]);
    expect(n3[0]!.isEstimated).toBeUndefined();

    await estimationsUnderWay(t.ctx.db);
    const recomputed = await read('with-estimates');
    expect(recomputed.estimation).toMatchObject({
      estimatedCount: 2,
      respondentCount: 3,
      filedSinceCount: 0,
    });
    expect(Date.parse(recomputed.estimation!.computedAt)).toBeGreaterThan(
      Date.parse(before.estimation!.computedAt),
    );
    for (const row of estimatedRows(recomputed)) {
      const fresh = await freshEstimate(row.key);
      expect(row.values['monthly.2021']).toBe(fresh?.values.monthly?.['2021']);
      expect(row.values['monthly.2010']).toBe(fresh?.values.monthly?.['2010']);
    }
    expect(
      estimatedRows(recomputed)
        .map((row) => row.key)
        .sort(),
    ).toEqual([ids.n1, ids.n2].sort());
    expect(await freshEstimate(ids.n3!)).toBeNull();
  });

  it("serves the kept estimates after a counted filing's values change, and the new ones once recomputed", async () => {
    const before = await read('with-estimates');
    await t.ctx.db
      .updateTable('filings')
      .set({ cell_values: JSON.stringify(monthlyFigures(170)), version: sql<number>`version + 1` })
      .where('enterprise_id', '=', ids.r1!)
      .where('task_id', '=', taskId)
      .execute();
    const served = await read('with-estimates');
    expect(served.estimation).toMatchObject({
      computedAt: before.estimation!.computedAt,
      filedSinceCount: 0,
    });
    // R1's own new figures count at once; the estimates are still those made from its old ones.
    expect(indicator(served, 'monthly.2021')).toMatchObject({ estimatedTotal: 1011.11, total: 1471.11 });
    await estimationsUnderWay(t.ctx.db);
    const report = await read('with-estimates');
    // N1 500 + 80 · (50 + 60)/(30 + 50) = 610; N2 300 + 200 · (50 + 60)/(60 + 120) = 422.22.
    expect(indicator(report, 'monthly.2021')).toMatchObject({ estimatedTotal: 1032.22, total: 1492.22 });
  });

  it('drops the estimate of an enterprise excused after it was made, on the very next read', async () => {
    const excuser = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440306' });
    await t.ctx.db
      .insertInto('obligation_excusals')
      .values({
        task_id: taskId,
        enterprise_id: ids.n2!,
        reason: 'closed',
        note: null,
        excused_by: await userIdOf(t.ctx.db, excuser.username),
        excused_level: 'county',
      })
      .execute();
    const report = await read('with-estimates');
    expect(report.estimation).toMatchObject({ estimatedCount: 1, filedSinceCount: 0 });
    expect(indicator(report, 'monthly.2021')).toMatchObject({ estimatedTotal: 610 });
    expect(estimatedRows(report).map((row) => row.key)).toEqual([ids.n1]);
  });

  it('refuses an unknown basis naming the field', async () => {
    const response = await getAs(
      t.app,
      city,
      `/api/admin/aggregation?taskId=${taskId}&includeSubmitted=true&basis=guess`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().invalidParams[0].name).toBe('basis');
  });
});

// The annual report of 2025: last year's values carried forward with the class's growth of the monthly
// year-to-date 软件业务收入 (December 2025 against December 2024 of A and B: (120 + 330)/(100 + 300) = 1.125);
// amounts grow, persons are carried unchanged; without last year's report, the class's median of 2025.
//   A  annual 2024 A11 1000, D10 50; 2025 A11 1100, D10 55 (filed)
//   B  annual 2025 A11 500, D10 20 (filed)
//   N  annual 2024 A11 2000, D10 80; 2025 not filed → A11 2000 · 1.125 = 2250, D10 80
//   M  nothing, not filed → A11 median(1100, 500) = 800, D10 median(55, 20) = 37.5 → 38 persons
describe.each(databaseKinds)('汇总 含推算 of the annual report on %s', (kind) => {
  let t: TestApp;
  let city: SignedIn;
  let taskId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const past = { closesAt: new Date('2026-01-01T00:00:00Z'), opensAt: new Date('2025-01-01T00:00:00Z') };
    const december2024 = await createTask(db, { period: '2024-12', ...past });
    const december2025 = await createTask(db, { period: '2025-12', ...past });
    const annual2024 = await createTask(db, { periodType: 'year', period: '2024', ...past });
    taskId = (await createTask(db, { periodType: 'year', period: '2025' })).id;
    const enterprise = async (name: string) =>
      (await createEnterprise(db, { regionCode: '440305', name })).id;
    const [a, b, n] = [
      await enterprise('年报推算A'),
      await enterprise('年报推算B'),
      await enterprise('年报推算N'),
    ];
    await enterprise('年报推算M');
    const file = (task: string, enterpriseId: string, values: Record<string, Record<string, number>>) =>
      createFiling(db, { taskId: task, enterpriseId, status: 'approved', values });
    await file(december2024.id, a, monthlyFigures(100));
    await file(december2025.id, a, monthlyFigures(120));
    await file(december2024.id, b, monthlyFigures(300));
    await file(december2025.id, b, monthlyFigures(330));
    await file(annual2024.id, a, { business: { A11: 1000, D10: 50 } });
    await file(taskId, a, { business: { A11: 1100, D10: 55 } });
    await file(taskId, b, { business: { A11: 500, D10: 20 } });
    await file(annual2024.id, n, { business: { A11: 2000, D10: 80 } });
    const account = await createAdmin(db, { adminLevel: 'city', regionCode: '440300' });
    city = await signIn(t.app, account.username, account.password);
  });
  afterAll(() => t.close());

  it("carries last year's values forward with the class's monthly growth, the median without them", async () => {
    const response = await getAs(
      t.app,
      city,
      `/api/admin/aggregation?taskId=${taskId}&includeSubmitted=true&basis=with-estimates`,
    );
    const report = response.json() as AggregationReport;
    expect(report.estimation).toEqual({
      estimatedCount: 2,
      respondentCount: 2,
      methodCounts: { 'carried-forward': 1, 'class-median': 1 },
      computedAt: expect.any(String),
      filedSinceCount: 0,
    });
    const indicator = (id: string) => report.indicators.find((row) => row.id === id)!;
    expect(indicator('business.A11')).toMatchObject({ total: 4650, estimatedTotal: 3050 });
    expect(indicator('business.D10')).toMatchObject({ total: 193, estimatedTotal: 118 });
  });
});
