import { ENTERPRISE_SIZE_CODES } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { monthlyRevenue, roundToCent, sampleMonthlyValues } from '../test/sample-values.ts';
import { databaseKinds } from '../test/test-database.ts';

// Below a province the page sums the region's filings on read (the kept totals stop at provinces): the
// enterprise rows and the 行业/规模/重点 breakdowns of a district must say what the province's kept totals say.

interface Row {
  key: string;
  label: string;
  filingCount: number;
  values: Record<string, number | null>;
}

interface Report {
  filingCount: number;
  enterprises: Row[];
  byIndustry: Row[];
  bySize: Row[];
  byKeyEnterprise: Row[];
}

describe.each(databaseKinds)('汇总 of a district on %s', (kind) => {
  let t: TestApp;
  let ministry: SignedIn;
  let taskId: string;
  const large = sampleMonthlyValues(21, 6);
  const small = sampleMonthlyValues(22, 1);

  const report = async (regionCode: string) =>
    (
      await getAs(t.app, ministry, `/api/admin/aggregation?taskId=${taskId}&regionCode=${regionCode}`)
    ).json() as Report;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db, { period: '2026-05' })).id;
    const enterprise = async (
      name: string,
      attributes: { industry_code: string; size_code: string | null; is_key_enterprise: boolean },
    ) => {
      const created = await createEnterprise(db, { regionCode: '440305', name });
      await db.updateTable('enterprises').set(attributes).where('id', '=', created.id).execute();
      return created.id;
    };
    const largeId = await enterprise('南山分组甲', {
      industry_code: '6511',
      size_code: ENTERPRISE_SIZE_CODES.large,
      is_key_enterprise: true,
    });
    const smallId = await enterprise('南山分组乙', {
      industry_code: '6513',
      size_code: ENTERPRISE_SIZE_CODES.small,
      is_key_enterprise: false,
    });
    const blankId = await enterprise('南山分组丙', {
      industry_code: '6513',
      size_code: null,
      is_key_enterprise: true,
    });
    const draftId = await enterprise('南山分组丁', {
      industry_code: '6511',
      size_code: ENTERPRISE_SIZE_CODES.large,
      is_key_enterprise: true,
    });
    await createFiling(db, { taskId, enterpriseId: largeId, status: 'approved', values: large });
    await createFiling(db, { taskId, enterpriseId: smallId, status: 'approved', values: small });
    // Approved with every cell left empty: it counts as filed and adds nothing.
    await createFiling(db, {
      taskId,
      enterpriseId: blankId,
      status: 'approved',
      values: { monthly: { '2010': null } },
    });
    await createFiling(db, {
      taskId,
      enterpriseId: draftId,
      status: 'draft',
      values: sampleMonthlyValues(23, 9),
    });
    ministry = await signIn(
      t.app,
      ...(Object.values(await createAdmin(db, { adminLevel: 'ministry', regionCode: '000000' })) as [
        string,
        string,
      ]),
    );
  });
  afterAll(() => t.close());

  it('lists each counted enterprise with its own figures, one with no figures as filed', async () => {
    const district = await report('440305');
    expect(district.filingCount).toBe(3);
    expect(
      district.enterprises.map((row) => [row.label, row.filingCount, row.values['monthly.2010']]),
    ).toEqual([
      ['南山分组丙（南山区）', 1, null],
      ['南山分组甲（南山区）', 1, roundToCent(monthlyRevenue(large))],
      ['南山分组乙（南山区）', 1, roundToCent(monthlyRevenue(small))],
    ]);
    expect(
      district.byKeyEnterprise.map((row) => [row.label, row.filingCount, row.values['monthly.2010']]),
    ).toEqual([
      ['非重点企业', 1, roundToCent(monthlyRevenue(small))],
      ['重点企业', 2, roundToCent(monthlyRevenue(large))],
    ]);
    expect(district.bySize.map((row) => [row.label, row.filingCount])).toEqual([
      ['未划型', 1],
      ['大型', 1],
      ['小型', 1],
    ]);
  });

  it('gives the same 行业, 规模 and 重点 breakdowns as the province’s kept totals', async () => {
    const [district, province] = await Promise.all([report('440305'), report('440000')]);
    expect(district.byIndustry).toEqual(province.byIndustry);
    expect(district.bySize).toEqual(province.bySize);
    expect(district.byKeyEnterprise).toEqual(province.byKeyEnterprise);
  });
});
