import type { PublicationReport } from '@zhibao/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { sampleMonthlyValues } from '../test/sample-values.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { SUPPRESSED_SIGN } from './publication-file.ts';

// 对外发布 of 深圳's districts × industries: a district with one 集成电路设计 enterprise must not be published,
// nor any cell from which it could be worked out; the exported files carry no suppressed value.

describe.each(databaseKinds)('对外发布 on %s', (kind) => {
  let t: TestApp;
  let ministry: SignedIn;
  let taskId: string;
  let report: PublicationReport;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db, { period: '2026-05' })).id;
    let seed = 100;
    const file = async (regionCode: string, industry: string, scale: number) => {
      const enterprise = await createEnterprise(db, { regionCode, name: `发布测试${seed}` });
      await db
        .updateTable('enterprises')
        .set({ industry_code: industry })
        .where('id', '=', enterprise.id)
        .execute();
      await createFiling(db, {
        taskId,
        enterpriseId: enterprise.id,
        status: 'approved',
        values: sampleMonthlyValues(seed++, scale),
      });
    };
    for (const scale of [2, 2.2, 2.4, 2.6]) await file('440305', '6513', scale);
    await file('440305', '6520', 3);
    for (const scale of [2, 2.3, 2.5]) await file('440304', '6513', scale);
    await file('440304', '6520', 2);
    for (const scale of [1.5, 1.7, 1.9]) await file('440306', '6513', scale);
    // Not approved: never in a published figure.
    const draft = await createEnterprise(db, { regionCode: '440306', name: '发布测试草稿' });
    await createFiling(db, {
      taskId,
      enterpriseId: draft.id,
      status: 'draft',
      values: sampleMonthlyValues(1, 9),
    });
    const admin = await createAdmin(db, { adminLevel: 'ministry', regionCode: '000000' });
    ministry = await signIn(t.app, admin.username, admin.password);
    report = (
      await getAs(t.app, ministry, `/api/admin/publication?taskId=${taskId}&regionCode=440300`)
    ).json();
  });
  afterAll(() => t.close());

  const rowOf = (regionCode: string, industryCode: string) =>
    report.rows.find((row) => row.regionCode === regionCode && row.industryCode === industryCode)!;

  it('hides the cell of a single respondent and enough others that the audit finds it protected', () => {
    expect(report.filingCount).toBe(12);
    expect(report.isProtected).toBe(true);
    const single = rowOf('440305', '6520').cells[0]!;
    expect(single).toMatchObject({ isSuppressed: true, reasons: ['frequency', 'dominance', 'p-percent'] });
    expect(single.lower! <= single.value - single.requiredProtection!).toBe(true);
    expect(single.upper === null || single.upper >= single.value + single.requiredProtection!).toBe(true);
    // 南山's 6520 cannot be had from 南山's total minus its 6513 either: one of those is hidden too.
    const nanshan = rowOf('440305', '65').cells[0]!;
    const software = rowOf('440305', '6513').cells[0]!;
    expect(nanshan.isSuppressed || software.isSuppressed).toBe(true);
    expect(report.secondaryCount).toBeGreaterThan(0);
    // The city's total has twelve respondents and is published.
    expect(rowOf('440300', '合计').cells[0]).toMatchObject({ isSuppressed: false, reasons: [] });
  });

  const suppressedValues = () => {
    const published = new Set(
      report.rows.flatMap((row) => row.cells.filter((cell) => !cell.isSuppressed).map((cell) => cell.value)),
    );
    // A hidden value that happens to equal a published one (a class with no other respondent) cannot be told apart.
    return report.rows.flatMap((row) =>
      row.cells.filter((cell) => cell.isSuppressed && !published.has(cell.value)).map((cell) => cell.value),
    );
  };

  it('writes the CSV with the sign in every suppressed cell and no suppressed value anywhere', async () => {
    const response = await getAs(
      t.app,
      ministry,
      `/api/admin/publication/export?taskId=${taskId}&regionCode=440300&format=csv`,
    );
    expect(response.statusCode).toBe(200);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const body = lines.slice(2, 2 + report.rows.length).map((line) => line.split(','));
    report.rows.forEach((row, i) => {
      expect(body[i]!.slice(0, 2)).toEqual([row.regionLabel, row.industryLabel]);
      expect(body[i]!.slice(2)).toEqual(
        row.cells.map((cell) => (cell.isSuppressed ? SUPPRESSED_SIGN : cell.value.toFixed(2))),
      );
    });
    const fields = new Set(lines.flatMap((line) => line.split(',')));
    const hidden = suppressedValues();
    expect(hidden.length).toBeGreaterThan(0);
    for (const value of hidden) expect(fields.has(value.toFixed(2))).toBe(false);
  });

  it('writes the workbook the same way', async () => {
    const response = await getAs(
      t.app,
      ministry,
      `/api/admin/publication/export?taskId=${taskId}&regionCode=440300&format=xlsx`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('对外发布')!;
    const numbers = new Set<number>();
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'number') numbers.add(cell.value);
      }),
    );
    report.rows.forEach((row, i) => {
      const cells = (sheet.getRow(3 + i).values as unknown[]).slice(3);
      expect(cells).toEqual(row.cells.map((cell) => (cell.isSuppressed ? SUPPRESSED_SIGN : cell.value)));
    });
    for (const value of suppressedValues()) expect(numbers.has(value)).toBe(false);
  });

  it('answers a bad format with a 400 naming the field', async () => {
    const response = await getAs(
      t.app,
      ministry,
      `/api/admin/publication/export?taskId=${taskId}&format=pdf`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('format');
  });
});
