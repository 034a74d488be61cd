import { createSampleFiling, deriveComputedCells, getEdition } from '@zhibao/survey';
import { aggregationAnalysis, type AggregationAnalysis } from '@zhibao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

/**
 * Issue 19, item 2: beside the totals, leaders ask for 环比, rankings of the divisions and enterprises (by value, by
 * growth, by contribution to growth) and coverage. Every figure below is checked against sums computed here from
 * the filings themselves, each filing's 软件业务收入 derived on its own.
 */
const edition = getEdition('2021');
const cents = (value: number) => Math.round(value * 100);
const sample = (seed: number, monthIndex: number, scale: number) =>
  createSampleFiling(edition, { periodType: 'month', seed, scale, monthIndex }) as CellValues;
const valueOf = (values: CellValues, formId: string, key: string) =>
  (deriveComputedCells(edition, 'month', values as never) as CellValues)[formId]![key] as number;
const revenueOf = (values: CellValues) => valueOf(values, 'monthly', '2020');

describe.each(databaseKinds)('汇总 analysis on %s', (kind) => {
  let t: TestApp;
  let city: SignedIn;
  let analysis: AggregationAnalysis;
  let currentTaskId: string;
  const periods = {
    current: '2030-07',
    previous: '2030-06',
    earlier: '2030-05',
    lastYear: '2029-07',
  } as const;
  type Period = keyof typeof periods;
  // Who filed which period (approved), with which figures; B is new this year, D obliged but silent.
  const plan: Record<string, { region: string; filed: Period[]; scale: number }> = {
    A: { region: '440305', filed: ['current', 'previous', 'earlier', 'lastYear'], scale: 1 },
    B: { region: '440305', filed: ['current', 'previous'], scale: 2.5 },
    C: { region: '440304', filed: ['current', 'previous', 'earlier', 'lastYear'], scale: 1.6 },
    D: { region: '440304', filed: [], scale: 1 },
  };
  const values: Record<Period, Record<string, CellValues>> = {
    current: {},
    previous: {},
    earlier: {},
    lastYear: {},
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const tasks = {} as Record<Period, string>;
    for (const [name, period] of Object.entries(periods) as Array<[Period, string]>) {
      // Only the current month is still open for filing.
      const closed = {
        opensAt: new Date(Date.now() - 9 * 86_400_000),
        closesAt: new Date(Date.now() - 86_400_000),
      };
      tasks[name] = (await createTask(db, { period, ...(name === 'current' ? {} : closed) })).id;
    }
    let seed = 0;
    for (const [name, enterprise] of Object.entries(plan)) {
      const created = await createEnterprise(db, {
        regionCode: enterprise.region,
        name: `分析${name}软件有限公司`,
      });
      for (const period of enterprise.filed) {
        seed += 1;
        const filed = sample(seed, Number(periods[period].slice(5)), enterprise.scale);
        values[period][name] = filed;
        await createFiling(db, {
          taskId: tasks[period],
          enterpriseId: created.id,
          status: 'approved',
          values: filed,
        });
      }
    }
    // E: submitted, waiting at the district: 已报 but neither 已审 nor counted in the city's approved totals.
    const waiting = await createEnterprise(db, { regionCode: '440305', name: '分析E软件有限公司' });
    await createFiling(db, {
      taskId: tasks.current,
      enterpriseId: waiting.id,
      status: 'submitted',
      pendingLevel: 'county',
      values: sample(99, 7, 9),
    });
    const admin = await createAdmin(db, { adminLevel: 'city', regionCode: '440300' });
    city = await signIn(t.app, admin.username, admin.password);
    currentTaskId = tasks.current;
    const answer = await getAs(t.app, city, `/api/admin/aggregation/analysis?taskId=${tasks.current}`);
    expect(answer.statusCode).toBe(200);
    analysis = aggregationAnalysis.parse(answer.json());
  });
  afterAll(() => t.close());

  const sumOf = (period: Period, names: string[], of: (values: CellValues) => number) =>
    names.reduce((sum, name) => sum + (values[period][name] ? cents(of(values[period][name]!)) : 0), 0);

  it('counts 应报, 已报 and 已审 of the city and of each district', () => {
    expect(analysis.coverage).toEqual({ expected: 5, submitted: 4, approved: 3, awaitingApplication: 0 });
    const coverageOf = (code: string) => analysis.regionRanking.find((row) => row.code === code)?.coverage;
    expect(coverageOf('440305')).toEqual({ expected: 3, submitted: 3, approved: 2, awaitingApplication: 0 });
    expect(coverageOf('440304')).toEqual({ expected: 2, submitted: 1, approved: 1, awaitingApplication: 0 });
  });

  it('ranks the districts by 软件业务收入 with 同比 and their contribution to the city’s growth', () => {
    const cityLastYear = sumOf('lastYear', ['A', 'B', 'C', 'D'], revenueOf);
    const cityNow = sumOf('current', ['A', 'B', 'C', 'D'], revenueOf);
    const expected = [
      { code: '440305', members: ['A', 'B'] },
      { code: '440304', members: ['C', 'D'] },
    ]
      .map(({ code, members }) => {
        const now = sumOf('current', members, revenueOf);
        const before = sumOf('lastYear', members, revenueOf);
        return {
          code,
          total: now / 100,
          lastYear: before / 100,
          growth: Math.round(((now - before) / before) * 10_000) / 100,
          contribution: Math.round(((now - before) / cityLastYear) * 10_000) / 100,
          share: Math.round((now / cityNow) * 10_000) / 100,
        };
      })
      .sort((a, b) => b.total - a.total);
    expect(analysis.headline.id).toBe('monthly.2020');
    expect(
      analysis.regionRanking.map(({ code, total, lastYear, growth, contribution, share }) => ({
        code,
        total,
        lastYear,
        growth,
        contribution,
        share,
      })),
    ).toEqual(expected);
  });

  it('gives each district 同口径增速 over the enterprises counted in both years (B is new, D silent)', () => {
    const sameSetGrowthOf = (members: string[]) => {
      const now = sumOf('current', members, revenueOf);
      const before = sumOf('lastYear', members, revenueOf);
      return Math.round(((now - before) / before) * 10_000) / 100;
    };
    const of = (code: string) => analysis.regionRanking.find((row) => row.code === code)!;
    expect(of('440305').sameSetGrowth).toBe(sameSetGrowthOf(['A']));
    expect(of('440304').sameSetGrowth).toBe(sameSetGrowthOf(['C']));
    // With B counted now but not a year ago, 同比 over all filers differs from 同口径.
    expect(of('440305').growth).not.toBe(of('440305').sameSetGrowth);
  });

  it('lists the top enterprises by value, by growth (those filed last year) and by contribution', () => {
    const cityLastYear = sumOf('lastYear', ['A', 'C'], revenueOf);
    const figures = ['A', 'B', 'C'].map((name) => {
      const now = cents(revenueOf(values.current[name]!));
      const before = values.lastYear[name] ? cents(revenueOf(values.lastYear[name]!)) : null;
      return { name: `分析${name}软件有限公司`, now, before };
    });
    const names = (rows: Array<{ name: string }>) => rows.map((row) => row.name);
    expect(names(analysis.enterpriseRanking.byTotal)).toEqual(
      names([...figures].sort((a, b) => b.now - a.now)),
    );
    expect(analysis.enterpriseRanking.byTotal.map((row) => row.total)).toEqual(
      [...figures].sort((a, b) => b.now - a.now).map((row) => row.now / 100),
    );
    expect(names(analysis.enterpriseRanking.byGrowth)).toEqual(
      names(
        figures.filter((row) => row.before !== null).sort((a, b) => b.now / b.before! - a.now / a.before!),
      ),
    );
    const increase = (row: (typeof figures)[number]) => row.now - (row.before ?? 0);
    const byContribution = [...figures].sort((a, b) => increase(b) - increase(a));
    expect(names(analysis.enterpriseRanking.byContribution)).toEqual(names(byContribution));
    expect(analysis.enterpriseRanking.byContribution[0]!.contribution).toBe(
      Math.round((increase(byContribution[0]!) / cityLastYear) * 10_000) / 100,
    );
    // The waiting filing is not approved at the city: it ranks nowhere.
    expect(names(analysis.enterpriseRanking.byTotal)).not.toContain('分析E软件有限公司');
  });

  it('computes 环比 on the month’s own amounts, the filings being cumulative over the year', () => {
    // Over the same enterprises in both months: those counted in July, June and May (B has no May, so its June
    // has no own amount; D filed nothing).
    const matched = ['A', 'C'];
    const mainRevenue = (values: CellValues) => valueOf(values, 'monthly', '2010');
    const month = sumOf('current', matched, mainRevenue) - sumOf('previous', matched, mainRevenue);
    const previousMonth = sumOf('previous', matched, mainRevenue) - sumOf('earlier', matched, mainRevenue);
    const indicator = analysis.monthOnMonth!.indicators.find((row) => row.id === 'monthly.2010')!;
    expect(analysis.monthOnMonth!.previousPeriodLabel).toBe('2030年06月');
    expect(analysis.monthOnMonth!.sameSetCount).toBe(2);
    expect(analysis.monthOnMonth!.isProvisional).toBe(true);
    expect(indicator.month).toBe(month / 100);
    expect(indicator.previousMonth).toBe(previousMonth / 100);
    expect(indicator.growth).toBe(
      Math.round(((month - previousMonth) / Math.abs(previousMonth)) * 10_000) / 100,
    );
    // Stocks such as 从业人员 have no month of their own.
    expect(
      analysis.monthOnMonth!.indicators.every((row) => row.unit === '万元' || row.unit === '万美元'),
    ).toBe(true);
  });

  it('marks the month still open on the trend, with 应报 beside what was filed', async () => {
    const report = (await getAs(t.app, city, `/api/admin/aggregation?taskId=${currentTaskId}`)).json();
    expect(
      report.trend.map(
        (point: { period: string; filingCount: number; expectedCount: number; isProvisional: boolean }) => [
          point.period,
          point.filingCount,
          point.expectedCount,
          point.isProvisional,
        ],
      ),
    ).toEqual([
      ['2030-05', 2, 2, false],
      ['2030-06', 3, 3, false],
      ['2030-07', 3, 5, true],
    ]);
  });

  it('keeps another city’s administrator out', async () => {
    const other = await createAdmin(t.ctx.db, { adminLevel: 'city', regionCode: '440100' });
    const outsider = await signIn(t.app, other.username, other.password);
    const answer = await getAs(
      t.app,
      outsider,
      `/api/admin/aggregation/analysis?taskId=${currentTaskId}&regionCode=440300`,
    );
    expect(answer.statusCode).toBe(404);
  });
});
