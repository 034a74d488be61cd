import { createSampleFiling, getEdition } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

const sample = (seed: number): CellValues =>
  createSampleFiling(getEdition(), { periodType: 'month', seed, scale: 1, monthIndex: 6 }) as CellValues;

// 同比 reads last year's task of the same survey (same owner), not whichever task of that period sorts first:
// a province's empty task of last July must not stand in for the ministry's.
describe.each(databaseKinds)('同比 of the same survey on %s', (kind) => {
  let t: TestApp;
  let city: SignedIn;
  let ministryTaskId: string;
  const lastYear = sample(11);

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    ministryTaskId = (await createTask(db, { period: '2026-07' })).id;
    const ministryLastYear = await createTask(db, {
      period: '2025-07',
      closesAt: new Date('2025-08-10T10:00:00Z'),
    });
    // The province's own task of the same period, closing later and without a filing.
    await createTask(db, {
      period: '2025-07',
      name: '[省级]测试任务',
      ownerRegionCode: '440000',
      ownerLevel: 'province',
      closesAt: new Date('2025-08-20T10:00:00Z'),
    });
    const enterprise = await createEnterprise(db, { regionCode: '440305' });
    await createFiling(db, {
      taskId: ministryTaskId,
      enterpriseId: enterprise.id,
      status: 'approved',
      values: sample(12),
    });
    await createFiling(db, {
      taskId: ministryLastYear.id,
      enterpriseId: enterprise.id,
      status: 'approved',
      values: lastYear,
    });
    const account = await createAdmin(db, { adminLevel: 'city', regionCode: '440300' });
    city = await signIn(t.app, account.username, account.password);
  });
  afterAll(() => t.close());

  it("compares the ministry's task with the ministry's task of last year", async () => {
    const report = (await getAs(t.app, city, `/api/admin/aggregation?taskId=${ministryTaskId}`)).json();
    expect(report.comparisonPeriodLabel).toBe('2025年07月');
    expect(report.lastYearFilingCount).toBe(1);
    const indicator = report.indicators.find((row: { id: string }) => row.id === 'monthly.2010');
    expect(indicator.lastYear).toBe(Math.round((lastYear.monthly!['2010'] as number) * 100) / 100);
    expect(report.sameSetCount).toBe(1);
  });
});
