import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import { deriveValues, numericValue } from '../review/review-cells.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
import { sampleMonthlyValues } from '../test/sample-values.ts';
import { createTestApp, getAs, sendAs, signInEach, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// What a region sends up is its 汇总表: the pass-up keeps it, and the level above downloads it as sent even after
// a later change below has moved the region's figures (and re-opened the pass-up).

const revenueOf = (values: CellValues) =>
  numericValue(deriveValues('2021', 'month', values), 'monthly', '2020') ?? 0;

describe.each(databaseKinds)('the 汇总表 kept with a pass-up on %s', (kind) => {
  let t: TestApp;
  let who: Record<'luohu' | 'shenzhen' | 'baoan', SignedIn>;
  let taskId: string;
  let submissionId: string;
  const values = [sampleMonthlyValues(41, 1, 3), sampleMonthlyValues(42, 2, 3)];
  const filingIds: string[] = [];

  const tableOf = async (url: string, as: SignedIn) => {
    const response = await getAs(t.app, as, url);
    expect(response.statusCode, response.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('汇总表')!;
    let total: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === '合计') total ??= row;
    });
    return { count: total!.getCell(2).value, revenue: total!.getCell(3).value };
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (
      await createTask(db, {
        ownerRegionCode: '440303',
        ownerLevel: 'county',
        opensAt: new Date(Date.now() - 20 * 86_400_000),
      })
    ).id;
    const first = await createEnterprise(db, { regionCode: '440303', name: '罗湖汇总甲软件有限公司' });
    const filer = await createFiler(db, first);
    const userId = await userIdOf(db, filer.username);
    for (const [index, enterprise] of [
      first,
      await createEnterprise(db, { regionCode: '440303', name: '罗湖汇总乙软件有限公司' }),
    ].entries()) {
      const filing = await createFiling(db, {
        taskId,
        enterpriseId: enterprise.id,
        status: 'submitted',
        pendingLevel: 'county',
        values: values[index],
        userId,
      });
      filingIds.push(filing.id);
    }
    who = await signInEach(t.app, {
      luohu: await createAdmin(db, { adminLevel: 'county', regionCode: '440303' }),
      shenzhen: await createAdmin(db, { adminLevel: 'city', regionCode: '440300' }),
      baoan: await createAdmin(db, { adminLevel: 'county', regionCode: '440306' }),
    });
    for (const filingId of filingIds)
      expect(
        (await sendAs(t.app, who.luohu, 'POST', `/api/admin/review/filings/${filingId}/approve`, {}))
          .statusCode,
      ).toBe(200);
    const passed = await sendAs(t.app, who.luohu, 'POST', '/api/admin/review/region-submissions', { taskId });
    expect(passed.statusCode, passed.body).toBe(200);
    submissionId = passed.json<{ id: string }>().id;
  });
  afterAll(() => t.close());

  it('lets the city download the table as sent, unchanged after a later change re-opened the pass-up', async () => {
    const url = `/api/admin/review/region-submissions/${submissionId}/summary-table`;
    const sent = (Math.round(revenueOf(values[0]!) * 100) + Math.round(revenueOf(values[1]!) * 100)) / 100;
    expect(await tableOf(url, who.shenzhen)).toEqual({ count: 2, revenue: sent });

    // The city returns one filing: the district's figures move and its pass-up re-opens.
    const returned = await sendAs(
      t.app,
      who.shenzhen,
      'POST',
      `/api/admin/review/filings/${filingIds[1]}/return`,
      {
        reason: '请核实软件业务收入',
      },
    );
    expect(returned.statusCode, returned.body).toBe(200);
    const passUps = await getAs(t.app, who.shenzhen, `/api/admin/review/region-submissions?taskId=${taskId}`);
    expect(passUps.json().children[0]).toMatchObject({ id: submissionId, status: 'reopened' });
    const live = await tableOf(
      `/api/admin/aggregation/summary-table?taskId=${taskId}&regionCode=440303`,
      who.luohu,
    );
    expect(live).toEqual({ count: 1, revenue: Math.round(revenueOf(values[0]!) * 100) / 100 });

    expect(await tableOf(url, who.shenzhen)).toEqual({ count: 2, revenue: sent });
    const printed = await getAs(t.app, who.shenzhen, `${url}?format=pdf`);
    expect(printed.statusCode).toBe(200);
    expect(printed.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is "not found" for another district', async () => {
    const response = await getAs(
      t.app,
      who.baoan,
      `/api/admin/review/region-submissions/${submissionId}/summary-table`,
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().detail ?? response.json().message).toContain('不存在或无权访问');
  });
});
