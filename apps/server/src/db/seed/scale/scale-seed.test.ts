import { auditFiling, getEdition, type FilingValues } from '@zhibao/survey';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../access/actor.ts';
import { aggregateRegion } from '../../../aggregation/aggregation.service.ts';
import { testConfig } from '../../../test/test-app.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/test-database.ts';
import { seedScaleData, type ScaleSeedResult } from './scale-seed.ts';

const ENTERPRISES = 200;

const ministry: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'miit',
  role: 'admin',
  adminLevel: 'ministry',
  regionCode: '000000',
  regionLevel: 'nation',
  enterpriseId: null,
};

describe.each(databaseKinds)('scale seed on %s', (kind) => {
  let database: TestDatabase;
  let seeded: ScaleSeedResult;
  const progress: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    seeded = await seedScaleData(database.handle.db, {
      enterprises: ENTERPRISES,
      year: 2026,
      log: (line) => progress.push(line),
    });
  });
  afterAll(() => database?.drop());

  it('gives every enterprise twelve monthly filings and one annual filing, and reports progress', async () => {
    const rows = await sql<{ enterprises: number; fewest: number; most: number; annual: number }>`
      select count(*)::int as enterprises, min(m)::int as fewest, max(m)::int as most, min(a)::int as annual
      from (select e.id,
                   count(*) filter (where t.period_type = 'month') as m,
                   count(*) filter (where t.period_type = 'year') as a
            from enterprises e join filings f on f.enterprise_id = e.id join survey_tasks t on t.id = f.task_id
            group by e.id) per_enterprise`.execute(database.handle.db);
    expect(rows.rows[0]).toEqual({ enterprises: ENTERPRISES, fewest: 12, most: 12, annual: 1 });
    expect(seeded.filings).toBe(ENTERPRISES * 13);
    expect(progress.at(-1)).toMatch(/enterprises 200\/200 · filings 2,600\/2,600 · [\d,]+ rows\/s · ETA/);
  });

  it('spreads enterprises over many provinces, most in a few, with a few large firms and many small', async () => {
    const rows = await sql<{ province: string; enterprises: number }>`
      select left(e.region_code, 2) as province, count(*)::int as enterprises
      from enterprises e join regions r on r.code = e.region_code and r.level = 'county'
      group by 1 order by 2 desc`.execute(database.handle.db);
    expect(rows.rows.reduce((sum, row) => sum + row.enterprises, 0)).toBe(ENTERPRISES);
    expect(rows.rows.length).toBeGreaterThanOrEqual(15);
    // The five largest provinces hold more than a third of the firms (广东, 北京, 江苏… in a real directory).
    const topFive = rows.rows.slice(0, 5).reduce((sum, row) => sum + row.enterprises, 0);
    expect(topFive).toBeGreaterThan(ENTERPRISES / 3);
    // A few large firms (规模 1 大型), many small ones (3 小型, 4 微型).
    const sizes = await sql<{ size_code: string; enterprises: number }>`
      select size_code, count(*)::int as enterprises from enterprises group by 1`.execute(database.handle.db);
    const bySize = Object.fromEntries(sizes.rows.map((row) => [row.size_code, row.enterprises]));
    expect(bySize['1'] ?? 0).toBeGreaterThan(0);
    expect((bySize['3'] ?? 0) + (bySize['4'] ?? 0)).toBeGreaterThan(5 * (bySize['1'] ?? 0));
  });

  it('keeps year-to-date revenue from ever falling from one month to the next', async () => {
    const rows = await sql<{ enterprise_id: string; period: string; revenue: number; software: number }>`
      select f.enterprise_id, t.period,
             (f.cell_values #>> '{monthly,2010}')::float8 as revenue,
             (f.cell_values #>> '{monthly,2021}')::float8 as software
      from filings f join survey_tasks t on t.id = f.task_id
      where t.period_type = 'month' order by f.enterprise_id, t.period`.execute(database.handle.db);
    expect(rows.rows).toHaveLength(ENTERPRISES * 12);
    let decreases = 0;
    rows.rows.forEach((row, index) => {
      const before = rows.rows[index - 1];
      if (!before || before.enterprise_id !== row.enterprise_id) return;
      if (row.revenue < before.revenue || row.software < before.software) decreases += 1;
    });
    expect(decreases).toBe(0);
    // Sizes are skewed: the largest firm's December revenue is many times the median one's.
    const december = rows.rows
      .filter((row) => row.period === '2026-12')
      .map((row) => row.revenue)
      .sort((a, b) => a - b);
    expect(december.at(-1)!).toBeGreaterThan(10 * december[Math.floor(december.length / 2)]!);
  });

  it('mixes statuses like a year in progress and plants issues in a few filings, errors never approved', async () => {
    const filings = await sql<{ period: string; status: string; cell_values: FilingValues }>`
      select t.period, f.status, f.cell_values from filings f join survey_tasks t on t.id = f.task_id
      where t.period_type = 'month'`.execute(database.handle.db);
    const march = filings.rows.filter((row) => row.period === '2026-03');
    const december = filings.rows.filter((row) => row.period === '2026-12');
    expect(march.every((row) => row.status === 'approved')).toBe(true);
    expect(december.filter((row) => row.status === 'approved').length).toBeGreaterThan(ENTERPRISES / 3);
    expect(december.some((row) => row.status === 'submitted')).toBe(true);
    expect(december.some((row) => row.status === 'draft')).toBe(true);

    const edition = getEdition();
    let withIssues = 0;
    for (const row of filings.rows) {
      const { findings } = auditFiling(edition, { periodType: 'month', values: row.cell_values });
      const serious = findings.filter((finding) => finding.severity !== 'hint');
      if (serious.length > 0) withIssues += 1;
      if (row.status === 'approved' || row.status === 'submitted') {
        expect(findings.some((finding) => finding.severity === 'error')).toBe(false);
      }
    }
    expect(withIssues / filings.rows.length).toBeGreaterThan(0.02);
    expect(withIssues / filings.rows.length).toBeLessThan(0.1);
  });

  it('gives the national 汇总 of a month, through the aggregation service, the direct sum of approved filings', async () => {
    const db = database.handle.db;
    const direct = await sql<{ revenue: number; filings: number }>`
      select sum((f.cell_values #>> '{monthly,2010}')::numeric)::float8 as revenue, count(*)::int as filings
      from filings f where f.task_id = ${seeded.monthlyTaskIds[11]!} and f.status = 'approved'`.execute(db);
    const report = await aggregateRegion({ db, config: testConfig(), now: () => new Date() }, ministry, {
      taskId: seeded.monthlyTaskIds[11]!,
      includeSubmitted: false,
    });
    const revenue = report.indicators.find((indicator) => indicator.id === 'monthly.2010')!;
    expect(report.filingCount).toBe(direct.rows[0]!.filings);
    expect(revenue.total).toBeCloseTo(direct.rows[0]!.revenue, 1);
    // The provinces' rows add up to the nation's.
    const byProvince = report.children.reduce((sum, row) => sum + (row.values['monthly.2010'] ?? 0), 0);
    expect(byProvince).toBeCloseTo(direct.rows[0]!.revenue, 0);
    expect(report.children.reduce((sum, row) => sum + row.filingCount, 0)).toBe(direct.rows[0]!.filings);
  });
});
