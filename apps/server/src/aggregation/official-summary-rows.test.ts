import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSampleFiling, getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import { deriveValues, numericValue } from '../review/review-cells.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// Every row of the 汇总表 carries its own 去年同期, 增速 and 同口径增速, computed here by hand from the filings of
// both years; the printable PDF holds the same header, rows and figures as the .xlsx.

const sample = (seed: number): CellValues =>
  createSampleFiling(getEdition('2021'), { periodType: 'year', seed, scale: 1 }) as CellValues;
const revenueOf = (values: CellValues) =>
  numericValue(deriveValues('2021', 'year', values), 'business', 'A10') ?? 0;
const cents = (value: number) => Math.round(value * 100);
const growth = (now: number, before: number) =>
  Math.round(((now - before) / Math.abs(before)) * 10_000) / 100;

describe.each(databaseKinds)('the 汇总表 row by row on %s', (kind) => {
  let t: TestApp;
  let province: SignedIn;
  let taskId: string;
  let sheet: ExcelJS.Worksheet;
  let pdf: Buffer;
  // 渝北: one enterprise files both years, one only this year; 江北: one both years, one only last year.
  const values = {
    bothYubeiNow: sample(31),
    bothYubeiBefore: sample(32),
    newYubei: sample(33),
    bothJiangbeiNow: sample(34),
    bothJiangbeiBefore: sample(35),
    goneJiangbei: sample(36),
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db, { periodType: 'year', period: '2025' })).id;
    const lastYearId = (
      await createTask(db, { periodType: 'year', period: '2024', closesAt: new Date('2025-05-31T10:00:00Z') })
    ).id;
    const enterprise = (regionCode: string) => createEnterprise(db, { regionCode, joinOpenTasks: false });
    const file = (task: string, enterpriseId: string, cellValues: CellValues) =>
      createFiling(db, { taskId: task, enterpriseId, status: 'approved', values: cellValues });
    const [bothYubei, newYubei, bothJiangbei, goneJiangbei] = await Promise.all([
      enterprise('500112'),
      enterprise('500112'),
      enterprise('500105'),
      enterprise('500105'),
    ]);
    await file(taskId, bothYubei.id, values.bothYubeiNow);
    await file(lastYearId, bothYubei.id, values.bothYubeiBefore);
    await file(taskId, newYubei.id, values.newYubei);
    await file(taskId, bothJiangbei.id, values.bothJiangbeiNow);
    await file(lastYearId, bothJiangbei.id, values.bothJiangbeiBefore);
    await file(lastYearId, goneJiangbei.id, values.goneJiangbei);
    const account = await createAdmin(db, { adminLevel: 'province', regionCode: '500000' });
    province = await signIn(t.app, account.username, account.password);

    const xlsx = await getAs(t.app, province, `/api/admin/aggregation/summary-table?taskId=${taskId}`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    sheet = workbook.getWorksheet('汇总表')!;
    const printed = await getAs(
      t.app,
      province,
      `/api/admin/aggregation/summary-table?taskId=${taskId}&format=pdf`,
    );
    expect(printed.statusCode).toBe(200);
    expect(printed.headers['content-type']).toBe('application/pdf');
    pdf = printed.rawPayload;
  }, 120_000);
  afterAll(() => t.close());

  const rowLabelled = (label: string) => {
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (String(row.getCell(1).value).trim() === label) found ??= row;
    });
    return found!;
  };

  it('gives each district its 本期, 去年同期, 增速 and 同口径增速', () => {
    const yubei = rowLabelled('渝北区');
    const yubeiNow = (cents(revenueOf(values.bothYubeiNow)) + cents(revenueOf(values.newYubei))) / 100;
    const yubeiBefore = cents(revenueOf(values.bothYubeiBefore)) / 100;
    expect(yubei.getCell(2).value).toBe(2);
    expect(yubei.getCell(3).value).toBe(yubeiNow);
    expect(yubei.getCell(4).value).toBe(yubeiBefore);
    expect(yubei.getCell(5).value).toBe(growth(yubeiNow, yubeiBefore));
    // 同口径: the enterprise that filed both years only.
    expect(yubei.getCell(6).value).toBe(
      growth(revenueOf(values.bothYubeiNow), revenueOf(values.bothYubeiBefore)),
    );

    const jiangbei = rowLabelled('江北区');
    const jiangbeiNow = cents(revenueOf(values.bothJiangbeiNow)) / 100;
    const jiangbeiBefore =
      (cents(revenueOf(values.bothJiangbeiBefore)) + cents(revenueOf(values.goneJiangbei))) / 100;
    expect(jiangbei.getCell(4).value).toBe(jiangbeiBefore);
    expect(jiangbei.getCell(5).value).toBe(growth(jiangbeiNow, jiangbeiBefore));
    expect(jiangbei.getCell(6).value).toBe(
      growth(revenueOf(values.bothJiangbeiNow), revenueOf(values.bothJiangbeiBefore)),
    );
  });

  it('gives the 行业 and 重点 rows their last year too, adding up to the 合计', () => {
    const total = rowLabelled('合计');
    // Every enterprise of the test is a key enterprise of 6513: those rows are the whole region.
    const key = rowLabelled('重点企业');
    for (const column of [3, 4, 5, 6]) expect(key.getCell(column).value).toBe(total.getCell(column).value);
    const industry = rowLabelled('6513 应用软件开发');
    for (const column of [3, 4, 5, 6])
      expect(industry.getCell(column).value).toBe(total.getCell(column).value);
    expect(total.getCell(4).value).toBe(
      (cents(revenueOf(values.bothYubeiBefore)) +
        cents(revenueOf(values.bothJiangbeiBefore)) +
        cents(revenueOf(values.goneJiangbei))) /
        100,
    );
  });

  it('prints the same header, rows and figures as a PDF', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'zhibao-summary-pdf-'));
    let text: string;
    try {
      const file = path.join(directory, 'summary.pdf');
      await writeFile(file, pdf);
      text = (await promisify(execFile)('pdftotext', ['-layout', file, '-'])).stdout;
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    const flat = text.replace(/\s+/g, '');
    for (const cell of ['A1', 'A2', 'A3'])
      expect(flat).toContain(String(sheet.getCell(cell).value).replace(/\s+/g, ''));
    expect(flat).toContain(String(sheet.lastRow!.getCell(1).value).replace(/\s+/g, ''));

    // Each row of the sheet, figure by figure as Excel formats them, against its lines in the PDF (one per
    // panel of indicators, each repeating the row's 报表数).
    const lines = text.split('\n').map((line) => line.trim());
    const format = (value: unknown, isGrowth: boolean) =>
      typeof value !== 'number'
        ? '—'
        : isGrowth
          ? value.toFixed(2)
          : value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    let checked = 0;
    sheet.eachRow((row) => {
      const label = String(row.getCell(1).value ?? '').trim();
      const count = row.getCell(2).value;
      if (row.number < 7 || typeof count !== 'number') return;
      const expected = [];
      for (let column = 3; column <= sheet.columnCount; column++)
        expected.push(format(row.getCell(column).value, (column - 3) % 4 >= 2));
      const printed = lines
        .filter((line) => line.startsWith(`${label} `) || line.startsWith(`${label}\u3000`))
        .flatMap((line) => {
          const [countText, ...figures] = line.slice(label.length).trim().split(/\s+/);
          expect(countText, label).toBe(String(count));
          return figures;
        });
      expect(printed, label).toEqual(expected);
      checked += 1;
    });
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});
