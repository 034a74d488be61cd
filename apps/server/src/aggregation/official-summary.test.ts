import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../db/seed/seed.ts';
import { deriveValues, numericValue } from '../review/review-cells.ts';
import { createAdmin } from '../test/factories.ts';
import {
  createTestApp,
  getAs,
  signIn,
  testPersonalDataCipher,
  type SignedIn,
  type TestApp,
} from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// The 汇总表 of the demo's annual task for 重庆市: its figures equal sums of the approved filings computed here
// from the filings themselves, and LibreOffice converts it to PDF.

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((candidate) => existsSync(candidate));
const run = promisify(execFile);

describe.each(databaseKinds)('the official 汇总表 on %s', (kind) => {
  let t: TestApp;
  let ministry: SignedIn;
  let taskId: string;
  let approvalNo: string;
  let content: Buffer;
  let sheet: ExcelJS.Worksheet;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedDemoData(t.ctx.db, new Date(), testPersonalDataCipher);
    const task = await t.ctx.db
      .selectFrom('survey_tasks')
      .select(['id', 'edition_id'])
      .where('period_type', '=', 'year')
      .executeTakeFirstOrThrow();
    taskId = task.id;
    approvalNo = getEdition(task.edition_id).approvalNo;
    const admin = await createAdmin(t.ctx.db, { adminLevel: 'ministry', regionCode: '000000' });
    ministry = await signIn(t.app, admin.username, admin.password);
    const response = await getAs(
      t.app,
      ministry,
      `/api/admin/aggregation/summary-table?taskId=${taskId}&regionCode=500000`,
    );
    expect(response.statusCode).toBe(200);
    content = response.rawPayload;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    sheet = workbook.getWorksheet('汇总表')!;
  }, 120_000);
  afterAll(() => t.close());

  /** 软件业务收入 (A10, derived from its classes) of the approved filings in 重庆, by district. */
  const independentSums = async () => {
    const rows = await t.ctx.db
      .selectFrom('filings as f')
      .innerJoin('enterprises as e', 'e.id', 'f.enterprise_id')
      .innerJoin('regions as r', 'r.code', 'e.region_code')
      .select(['r.name', 'f.cell_values'])
      .where('f.task_id', '=', taskId)
      .where('f.status', '=', 'approved')
      .where('e.region_code', 'like', '50%')
      .execute();
    const byDistrict = new Map<string, number>();
    let cents = 0;
    for (const row of rows) {
      const value = numericValue(deriveValues('2021', 'year', row.cell_values), 'business', 'A10') ?? 0;
      const rowCents = Math.round(value * 100);
      cents += rowCents;
      byDistrict.set(row.name, (byDistrict.get(row.name) ?? 0) + rowCents);
    }
    return { total: cents / 100, count: rows.length, byDistrict };
  };

  const rowLabelled = (label: string) => {
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (String(row.getCell(1).value).trim() === label) found ??= row;
    });
    return found;
  };

  it('lays out the header, the footer and the 合计 equal to the approved filings summed independently', async () => {
    expect(String(sheet.getCell('A1').value)).toBe('软件和信息技术服务业主要指标汇总表');
    // The task's own edition: the demo's annual task of 2025 is governed by the 2024 edition.
    expect(String(sheet.getCell('A2').value)).toContain(`批准文号：${approvalNo}`);
    expect(String(sheet.getCell('A3').value)).toContain('填报地区：重庆市（500000）');
    const sums = await independentSums();
    expect(sums.count).toBeGreaterThan(0);
    const total = rowLabelled('合计')!;
    expect(total.getCell(2).value).toBe(sums.count);
    expect(total.getCell(3).value).toBe(sums.total);
    for (const [district, cents] of sums.byDistrict)
      expect(rowLabelled(district)?.getCell(3).value, district).toBe(cents / 100);
    let footer = '';
    sheet.eachRow((row) => {
      footer = String(row.getCell(1).value);
    });
    expect(footer).toMatch(/^单位负责人：.*统计负责人：.*填表人：.*报出日期：\d{4}年\d{1,2}月\d{1,2}日$/);
  });

  it('converts to PDF in LibreOffice headless', async (context) => {
    if (!soffice) {
      context.skip('LibreOffice (soffice) is not installed on this machine');
      return;
    }
    const directory = await mkdtemp(path.join(tmpdir(), 'zhibao-summary-'));
    try {
      const input = path.join(directory, 'summary.xlsx');
      await writeFile(input, content);
      const profile = `-env:UserInstallation=file://${path.join(directory, 'profile')}`;
      await run(soffice, [profile, '--headless', '--convert-to', 'pdf', '--outdir', directory, input], {
        timeout: 150_000,
      });
      const pdf = await readFile(path.join(directory, 'summary.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 180_000);
});
