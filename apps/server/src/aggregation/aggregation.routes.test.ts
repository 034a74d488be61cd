import { createSampleFiling, getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

const sample = (seed: number, scale: number): CellValues =>
  createSampleFiling(getEdition(), { periodType: 'month', seed, scale, monthIndex: 3 }) as CellValues;
const mainRevenue = (values: CellValues) => values.monthly!['2010'] as number;
const round2 = (value: number) => Math.round(value * 100) / 100;

describe.each(databaseKinds)('aggregation (汇总) on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  let shenzhen: SignedIn;
  let nanshan: SignedIn;
  let yubei: SignedIn;
  const approvedNanshan = [sample(1, 2), sample(2, 1)];
  const approvedFutian = sample(3, 4);
  const waitingNanshan = sample(4, 1);
  const lastYearNanshan = sample(5, 1.5);

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db, { period: '2026-03' })).id;
    const lastYearTaskId = (await createTask(db, { period: '2025-03' })).id;
    const ns1 = await createEnterprise(db, { regionCode: '440305', name: '南山汇总甲' });
    const ns2 = await createEnterprise(db, { regionCode: '440305', name: '南山汇总乙' });
    const ns3 = await createEnterprise(db, { regionCode: '440305', name: '南山汇总丙' });
    const ft = await createEnterprise(db, { regionCode: '440304', name: '福田汇总甲' });
    const yb = await createEnterprise(db, { regionCode: '500112', name: '渝北汇总甲' });
    // Passed the city's review: final approval, or waiting at the province.
    await createFiling(db, { taskId, enterpriseId: ns1.id, status: 'approved', values: approvedNanshan[0] });
    await createFiling(db, {
      taskId,
      enterpriseId: ns2.id,
      status: 'submitted',
      pendingLevel: 'province',
      values: approvedNanshan[1],
    });
    await createFiling(db, { taskId, enterpriseId: ft.id, status: 'approved', values: approvedFutian });
    await createFiling(db, {
      taskId,
      enterpriseId: ns3.id,
      status: 'submitted',
      pendingLevel: 'city',
      values: waitingNanshan,
    });
    await createFiling(db, { taskId, enterpriseId: yb.id, status: 'approved', values: sample(6, 9) });
    await createFiling(db, {
      taskId: lastYearTaskId,
      enterpriseId: ns1.id,
      status: 'approved',
      values: lastYearNanshan,
    });
    shenzhen = await signIn(
      t.app,
      ...(Object.values(await createAdmin(db, { adminLevel: 'city', regionCode: '440300' })) as [
        string,
        string,
      ]),
    );
    nanshan = await signIn(
      t.app,
      ...(Object.values(await createAdmin(db, { adminLevel: 'county', regionCode: '440305' })) as [
        string,
        string,
      ]),
    );
    yubei = await signIn(
      t.app,
      ...(Object.values(await createAdmin(db, { adminLevel: 'county', regionCode: '500112' })) as [
        string,
        string,
      ]),
    );
  });
  afterAll(() => t.close());

  const total = (report: { indicators: Array<{ id: string; total: number | null }> }, id: string) =>
    report.indicators.find((indicator) => indicator.id === id)!.total;

  it('totals the filings that passed the city, per district, equal to an independent sum', async () => {
    const report = (await getAs(t.app, shenzhen, `/api/admin/aggregation?taskId=${taskId}`)).json();
    const expected = round2(
      [...approvedNanshan, approvedFutian].reduce((sum, values) => sum + mainRevenue(values), 0),
    );
    expect(total(report, 'monthly.2010')).toBe(expected);
    expect(report.filingCount).toBe(3);
    const districts = Object.fromEntries(
      report.children.map((row: { label: string; values: Record<string, number> }) => [
        row.label,
        row.values['monthly.2010'],
      ]),
    );
    expect(districts).toEqual({
      福田区: round2(mainRevenue(approvedFutian)),
      南山区: round2(mainRevenue(approvedNanshan[0]!) + mainRevenue(approvedNanshan[1]!)),
    });
  });

  it('adds the filings still under review when asked, and follows a return at once', async () => {
    const all = (
      await getAs(t.app, shenzhen, `/api/admin/aggregation?taskId=${taskId}&includeSubmitted=true`)
    ).json();
    expect(all.filingCount).toBe(4);
    expect(total(all, 'monthly.2010')).toBe(
      round2(
        [...approvedNanshan, approvedFutian, waitingNanshan].reduce(
          (sum, values) => sum + mainRevenue(values),
          0,
        ),
      ),
    );
    const queue = (await getAs(t.app, shenzhen, `/api/admin/review/queue?taskId=${taskId}`)).json().items;
    await sendAs(t.app, shenzhen, 'POST', `/api/admin/review/filings/${queue[0].filingId}/return`, {
      reason: '请核实',
    });
    const after = (
      await getAs(t.app, shenzhen, `/api/admin/aggregation?taskId=${taskId}&includeSubmitted=true`)
    ).json();
    expect(after.filingCount).toBe(3);
  });

  it('computes growth over all filers and over the same enterprises of both years', async () => {
    const report = (await getAs(t.app, nanshan, `/api/admin/aggregation?taskId=${taskId}`)).json();
    const indicator = report.indicators.find((row: { id: string }) => row.id === 'monthly.2010');
    const now = mainRevenue(approvedNanshan[0]!) + mainRevenue(approvedNanshan[1]!);
    const before = mainRevenue(lastYearNanshan);
    expect(report.comparisonPeriodLabel).toBe('2025年03月');
    expect(indicator.lastYear).toBe(round2(before));
    expect(indicator.growth).toBeCloseTo(((now - before) / before) * 100, 1);
    expect(report.sameSetCount).toBe(1);
    expect(indicator.sameSetGrowth).toBeCloseTo(
      ((mainRevenue(approvedNanshan[0]!) - before) / before) * 100,
      1,
    );
    expect(report.enterprises.map((row: { label: string }) => row.label).sort()).toEqual([
      '南山汇总乙（南山区）',
      '南山汇总甲（南山区）',
    ]);
    expect(report.byKeyEnterprise).toEqual([expect.objectContaining({ label: '重点企业', filingCount: 2 })]);
  });

  it('never shows a district another region, and exports the tables to .xlsx', async () => {
    const denied = await getAs(t.app, yubei, `/api/admin/aggregation?taskId=${taskId}&regionCode=440305`);
    expect(denied.statusCode).toBe(404);
    expect(denied.json().detail).toBe('地区不存在或无权访问');

    const exported = await getAs(t.app, shenzhen, `/api/admin/aggregation/export?taskId=${taskId}`);
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '汇总',
      '分地区',
      '分企业',
      '分行业',
      '分规模',
      '重点企业',
    ]);
    const row = workbook
      .getWorksheet('汇总')!
      .getRows(4, 60)!
      .find((candidate) => candidate.getCell(1).value === '2010')!;
    expect(row.getCell(2).value).toBe('主营业务收入');
  });
});
