import { classifyEnterpriseSize, ENTERPRISE_SIZE_CODES } from '@zhibao/survey';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signInEach, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// Issue 17 finding 11: 分规模 put everyone under 未划型 although each annual filing carries its 企业规模 (B16,
// derived from 从业人员 D10 and 营业收入 F30 in 千元). The kept totals and the district page now group an annual
// filing by its own size; a monthly one (no size of its own) by the directory's.

const annual = (employees: number, revenueThousandYuan: number) => ({
  basic: { B15: '软件开发' },
  business: { D10: employees },
  finance: { F30: revenueThousandYuan },
});

describe.each(databaseKinds)('分规模 by the filing’s own size on %s', (kind) => {
  let t: TestApp;
  let who: Record<'guangdong' | 'shenzhen', SignedIn>;
  let taskId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db, { periodType: 'year', period: '2025' })).id;
    const filings: Array<[number, number]> = [
      [150, 20_000], // 100+ people, 2,000万: 中型
      [20, 800], // 20 people, 80万: 小型
      [25, 900], // 小型
    ];
    for (const [index, [employees, revenue]] of filings.entries()) {
      const enterprise = await createEnterprise(db, {
        regionCode: '440305',
        name: `南山规模${index}软件有限公司`,
      });
      await createFiling(db, {
        taskId,
        enterpriseId: enterprise.id,
        status: 'approved',
        values: annual(employees, revenue),
      });
    }
    who = await signInEach(t.app, {
      guangdong: await createAdmin(db, { adminLevel: 'province', regionCode: '440000' }),
      shenzhen: await createAdmin(db, { adminLevel: 'city', regionCode: '440300' }),
    });
  });
  afterAll(() => t.close());

  it('classifies in SQL as the survey does, for every size boundary', async () => {
    const employees = [0, 9, 10, 99, 100, 299, 300, 5000];
    const revenues = [0, 499, 500, 9_999, 10_000, 99_999, 100_000, 10_000_000];
    const disagreements: string[] = [];
    for (const people of employees) {
      for (const revenue of revenues) {
        const { rows } = await sql<{ code: string }>`
          select filing_size_code(${JSON.stringify(annual(people, revenue))}::jsonb, '1') as code`.execute(
          t.ctx.db,
        );
        const expected = ENTERPRISE_SIZE_CODES[classifyEnterpriseSize(people, revenue / 10)];
        if (rows[0]!.code !== expected)
          disagreements.push(`${people}/${revenue}: ${rows[0]!.code} ≠ ${expected}`);
      }
    }
    expect(disagreements).toEqual([]);
    const monthly = await sql<{ code: string }>`
      select filing_size_code('{"monthly": {"2020": 1}}'::jsonb, '2') as kept,
             filing_size_code('{"monthly": {"2020": 1}}'::jsonb, null) as code`.execute(t.ctx.db);
    expect(monthly.rows[0]).toEqual({ kept: '2', code: '' });
  });

  it('groups 分规模 by each annual filing’s size, in the province’s kept totals and the city’s page alike', async () => {
    for (const as of [who.guangdong, who.shenzhen]) {
      const report = (await getAs(t.app, as, `/api/admin/aggregation?taskId=${taskId}`)).json<{
        bySize: Array<{ label: string; filingCount: number }>;
      }>();
      expect(report.bySize.map((row) => [row.label, row.filingCount])).toEqual([
        ['中型', 1],
        ['小型', 2],
      ]);
    }
  });
});
