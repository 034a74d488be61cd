import { publicationReport } from '@zhibao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveValues, numericValue } from '../review/review-cells.ts';
import type { CellValues } from '../db/schema.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { sampleMonthlyValues } from '../test/sample-values.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// 对外发布 carries the headline's 增速 (同比) only for a closed period: an open month's total still grows until
// its deadline, so its 增速 is marked 初步 and withheld from the published file; a closed month's is published,
// equal to the growth of the approved filings summed here.

describe.each(databaseKinds)('the headline 增速 in 对外发布 on %s', (kind) => {
  let t: TestApp;
  let city: SignedIn;
  const tasks = {} as Record<'open' | 'closed' | 'openLastYear' | 'closedLastYear', string>;
  const revenue: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const closed = {
      opensAt: new Date(Date.now() - 40 * 86_400_000),
      closesAt: new Date(Date.now() - 30 * 86_400_000),
    };
    tasks.open = (await createTask(db, { period: '2030-08' })).id;
    tasks.openLastYear = (await createTask(db, { period: '2029-08', ...closed })).id;
    tasks.closed = (await createTask(db, { period: '2030-04', ...closed })).id;
    tasks.closedLastYear = (await createTask(db, { period: '2029-04', ...closed })).id;
    let seed = 300;
    for (const [index, regionCode] of [
      '440305',
      '440305',
      '440304',
      '440304',
      '440306',
      '440306',
    ].entries()) {
      const enterprise = await createEnterprise(db, { regionCode, name: `增速发布${index}` });
      for (const [name, taskId] of Object.entries(tasks)) {
        const values = sampleMonthlyValues(seed++, name.endsWith('LastYear') ? 1.8 : 2 + index * 0.1);
        const headline = numericValue(
          deriveValues('2021', 'month', values as CellValues),
          'monthly',
          '2020',
        )!;
        revenue[name] = (revenue[name] ?? 0) + Math.round(headline * 100);
        await createFiling(db, { taskId, enterpriseId: enterprise.id, status: 'approved', values });
      }
    }
    const admin = await createAdmin(db, { adminLevel: 'city', regionCode: '440300' });
    city = await signIn(t.app, admin.username, admin.password);
  });
  afterAll(() => t.close());

  const growth = (now: number, before: number) => Math.round(((now - before) / before) * 10_000) / 100;
  const reportOf = async (taskId: string) =>
    publicationReport.parse((await getAs(t.app, city, `/api/admin/publication?taskId=${taskId}`)).json());
  const csvOf = async (taskId: string) =>
    (await getAs(t.app, city, `/api/admin/publication/export?taskId=${taskId}&format=csv`)).body;

  it('publishes a closed month’s 增速, equal to the approved filings’ growth', async () => {
    const report = await reportOf(tasks.closed);
    const expected = growth(revenue.closed!, revenue.closedLastYear!);
    expect(report.headlineGrowth).toMatchObject({
      status: 'published',
      growth: expected,
      comparisonPeriodLabel: '2029年04月',
    });
    expect(await csvOf(tasks.closed)).toContain(`: ${expected.toFixed(2)}%`);
  });

  it('marks an open month’s 增速 初步 and keeps its figure out of the published file', async () => {
    const report = await reportOf(tasks.open);
    const expected = growth(revenue.open!, revenue.openLastYear!);
    expect(report.headlineGrowth).toMatchObject({ status: 'provisional', growth: expected });
    const csv = await csvOf(tasks.open);
    expect(csv).toContain('初步，暂不公布');
    expect(csv).not.toContain(`${expected.toFixed(2)}%`);
  });
});
