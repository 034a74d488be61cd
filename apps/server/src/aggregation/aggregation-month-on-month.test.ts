import { aggregationAnalysis, type AggregationAnalysis } from '@zhibao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

/**
 * Issue 19, item 2: 环比 of a district while its month is still open. The monthly filings are cumulative over the
 * year (本年累计), so an enterprise's own amount of a month is its cumulative value minus the month before's (in
 * January the cumulative value itself). Subtracting last month's total over all filers from this month's total over
 * the fewer who have filed so far gave a 当月数 of −80,725 and −972%: here R, the district's largest enterprise,
 * has not filed May yet. 当月数 and 环比 compare the same enterprises: those counted in both months (and in the
 * month before the previous one, whose own amount needs it), 同口径 as 同口径增速 is for 同比.
 *
 * Fixed figures, typed cells of 软统企6表: 2010 主营业务收入; 2021 软件产品收入 and 2022 信息技术服务收入, which
 * 2020 软件业务收入合计 adds.
 */
type Month = 'march' | 'april' | 'may';
type Figures = { '2010': number; '2021': number; '2022': number };
const spring: Record<string, Partial<Record<Month, Figures>>> = {
  // Filed all three months: the only ones compared.
  P: {
    march: { '2010': 100, '2021': 60, '2022': 20 },
    april: { '2010': 220, '2021': 130, '2022': 40 },
    may: { '2010': 350, '2021': 200, '2022': 70.5 },
  },
  Q: {
    march: { '2010': 1000, '2021': 500, '2022': 300 },
    april: { '2010': 2100, '2021': 1040, '2022': 620 },
    may: { '2010': 3300, '2021': 1600, '2022': 980.25 },
  },
  // The largest, not filed May yet (the month is open).
  R: {
    march: { '2010': 50000, '2021': 30000, '2022': 9000 },
    april: { '2010': 100000, '2021': 61000, '2022': 18500 },
  },
  // New in April: its April own amount is unknown (no March), so it is left out of both months.
  S: { april: { '2010': 800, '2021': 300, '2022': 200 }, may: { '2010': 1700, '2021': 650, '2022': 420 } },
  // Not filed May yet.
  T: { march: { '2010': 300, '2021': 100, '2022': 50 }, april: { '2010': 500, '2021': 180, '2022': 90 } },
  // Filed May only.
  U: { may: { '2010': 400, '2021': 150, '2022': 50 } },
};
// February against January: January's own amount is its cumulative value, so only January and February count.
type WinterMonth = 'january' | 'february';
const winter: Record<string, Partial<Record<WinterMonth, Figures>>> = {
  P: { january: { '2010': 100, '2021': 50, '2022': 10 }, february: { '2010': 250, '2021': 120, '2022': 30 } },
  Q: { january: { '2010': 40, '2021': 20, '2022': 5 } },
  V: { february: { '2010': 70, '2021': 30, '2022': 20 } },
};

const cents = (value: number) => Math.round(value * 100);
const valueOf = (figures: Figures, id: string) =>
  id === 'monthly.2020' ? figures['2021'] + figures['2022'] : figures[id.slice(8) as keyof Figures];
const growth = (now: number, before: number) =>
  Math.round(((now - before) / Math.abs(before)) * 10_000) / 100;

describe.each(databaseKinds)('汇总 环比 of an open month on %s', (kind) => {
  let t: TestApp;
  let district: SignedIn;
  let may: AggregationAnalysis;
  let february: AggregationAnalysis;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const closed = {
      opensAt: new Date(Date.now() - 40 * 86_400_000),
      closesAt: new Date(Date.now() - 86_400_000),
    };
    const tasks = {
      march: (await createTask(db, { period: '2031-03', ...closed })).id,
      april: (await createTask(db, { period: '2031-04', ...closed })).id,
      // Still open.
      may: (await createTask(db, { period: '2031-05' })).id,
      january: (await createTask(db, { period: '2032-01', ...closed })).id,
      february: (await createTask(db, { period: '2032-02', ...closed })).id,
    };
    const enterprises = new Map<string, string>();
    const file = async (plan: Record<string, Partial<Record<keyof typeof tasks, Figures>>>) => {
      for (const [name, months] of Object.entries(plan)) {
        let id = enterprises.get(name);
        if (!id) {
          id = (await createEnterprise(db, { regionCode: '440305', name: `环比${name}软件有限公司` })).id;
          enterprises.set(name, id);
        }
        for (const [month, figures] of Object.entries(months) as Array<[keyof typeof tasks, Figures]>) {
          await createFiling(db, {
            taskId: tasks[month],
            enterpriseId: id,
            status: 'approved',
            values: { monthly: { ...figures } },
          });
        }
      }
    };
    await file(spring);
    await file(winter);
    // Another district's filings count in neither.
    const elsewhere = await createEnterprise(db, { regionCode: '440304', name: '环比外区软件有限公司' });
    for (const month of ['march', 'april', 'may'] as const)
      await createFiling(db, {
        taskId: tasks[month],
        enterpriseId: elsewhere.id,
        status: 'approved',
        values: { monthly: { '2010': 7, '2021': 3, '2022': 1 } },
      });
    const admin = await createAdmin(db, { adminLevel: 'county', regionCode: '440305' });
    district = await signIn(t.app, admin.username, admin.password);
    const analysisOf = async (taskId: string) => {
      const answer = await getAs(t.app, district, `/api/admin/aggregation/analysis?taskId=${taskId}`);
      expect(answer.statusCode).toBe(200);
      return aggregationAnalysis.parse(answer.json());
    };
    may = await analysisOf(tasks.may);
    february = await analysisOf(tasks.february);
  });
  afterAll(() => t.close());

  /** Each enterprise's own amount of a month, from its filings: cumulative minus the month before's. */
  const ownAmount = <M extends string>(
    months: Partial<Record<M, Figures>>,
    month: M,
    before: M | null,
    id: string,
  ) => cents(valueOf(months[month]!, id)) - (before ? cents(valueOf(months[before]!, id)) : 0);

  it('compares May with April over the enterprises counted in March, April and May only', () => {
    const matched = Object.entries(spring)
      .filter(([, months]) => months.march && months.april && months.may)
      .map(([name]) => name);
    expect(matched).toEqual(['P', 'Q']);
    expect(may.monthOnMonth!.previousPeriodLabel).toBe('2031年04月');
    for (const id of ['monthly.2010', 'monthly.2020', 'monthly.2021', 'monthly.2022']) {
      const month = matched.reduce((sum, name) => sum + ownAmount(spring[name]!, 'may', 'april', id), 0);
      const before = matched.reduce((sum, name) => sum + ownAmount(spring[name]!, 'april', 'march', id), 0);
      const indicator = may.monthOnMonth!.indicators.find((row) => row.id === id)!;
      expect({
        id,
        month: indicator.month,
        previousMonth: indicator.previousMonth,
        growth: indicator.growth,
      }).toEqual({ id, month: month / 100, previousMonth: before / 100, growth: growth(month, before) });
    }
    // The same by hand: 主营业务收入 (350 − 220) + (3300 − 2100) against (220 − 100) + (2100 − 1000).
    const main = may.monthOnMonth!.indicators.find((row) => row.id === 'monthly.2010')!;
    expect([main.month, main.previousMonth, main.growth]).toEqual([1330, 1220, 9.02]);
    // Not the totals over all filers: (350 + 3300 + 1700 + 400) − (220 + 2100 + 100000 + 800 + 500) = −97,870.
    expect(main.month).toBeGreaterThan(0);
    expect(may.monthOnMonth!.sameSetCount).toBe(2);
    expect(may.monthOnMonth!.isProvisional).toBe(true);
  });

  it('compares February with January’s cumulative value over those counted in both', () => {
    expect(february.monthOnMonth!.previousPeriodLabel).toBe('2032年01月');
    for (const id of ['monthly.2010', 'monthly.2020']) {
      const month = ownAmount(winter.P!, 'february', 'january', id);
      const before = ownAmount(winter.P!, 'january', null, id);
      const indicator = february.monthOnMonth!.indicators.find((row) => row.id === id)!;
      expect([indicator.month, indicator.previousMonth, indicator.growth]).toEqual([
        month / 100,
        before / 100,
        growth(month, before),
      ]);
    }
    const main = february.monthOnMonth!.indicators.find((row) => row.id === 'monthly.2010')!;
    expect([main.month, main.previousMonth, main.growth]).toEqual([150, 100, 50]);
    expect(february.monthOnMonth!.sameSetCount).toBe(1);
    expect(february.monthOnMonth!.isProvisional).toBe(false);
  });
});
