import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSampleFiling, getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  mobileOf,
  userIdOf,
} from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { buildFilingWorkbook } from './filing-workbook.ts';

type Values = Record<string, Record<string, number | string | null>>;

// Two parts whose sum in binary floating point is 5263.929999999999: the export must hold 5263.93.
const monthly = (): Values => {
  const values = createSampleFiling(getEdition(), {
    periodType: 'month',
    seed: 5,
    scale: 1,
    monthIndex: 4,
  }) as Values;
  values.monthly = { ...values.monthly, '2021': 1082.07, '2022': 4181.86, '2023': 0, '2024': 0, '20241': 0 };
  return values;
};

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

function rowOfCode(sheet: ExcelJS.Worksheet, code: string): ExcelJS.Row {
  for (let row = 1; row <= sheet.rowCount; row += 1) {
    if (sheet.getCell(row, 2).value === code) return sheet.getRow(row);
  }
  throw new Error(`code ${code} not on sheet ${sheet.name}`);
}

function lastText(sheet: ExcelJS.Worksheet): string {
  return String(sheet.getCell(sheet.rowCount, 1).value);
}

describe.each(databaseKinds)('the official export of a filing on %s', (kind) => {
  let t: TestApp;
  let filer: SignedIn;
  let enterpriseId: string;
  let filerUserId: string;
  let filerName: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '格式测试软件有限公司',
    });
    await t.ctx.db
      .updateTable('enterprises')
      .set({ legal_representative: '张法人' })
      .where('id', '=', enterprise.id)
      .execute();
    const account = await createFiler(t.ctx.db, enterprise);
    filer = await signIn(t.app, account.username, account.password);
    enterpriseId = enterprise.id;
    filerUserId = await userIdOf(t.ctx.db, account.username);
    const user = await t.ctx.db
      .selectFrom('users')
      .select(['display_name'])
      .where('id', '=', filerUserId)
      .executeTakeFirstOrThrow();
    filerName = `${user.display_name}：${await mobileOf(t.ctx.db, { id: filerUserId })}`;
  });
  afterAll(() => t.close());

  it('writes money with two decimals and separators, persons as integers, % with one decimal, without float noise', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-04' });
    const values = monthly();
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId,
      userId: filerUserId,
      status: 'submitted',
      values,
      submittedAt: new Date('2026-05-08T17:30:00Z'),
    });
    const response = await getAs(t.app, filer, `/api/enterprise/filings/${filing.id}/export.xlsx`);
    expect(response.statusCode).toBe(200);
    const sheet = (await workbookOf(response.rawPayload)).getWorksheet('软统企6表')!;

    const softwareRevenue = rowOfCode(sheet, '2020').getCell(4);
    expect(softwareRevenue.value).toBe(5263.93);
    expect(softwareRevenue.numFmt).toBe('#,##0.00');
    const headcount = rowOfCode(sheet, '2112').getCell(4);
    expect(headcount.numFmt).toBe('#,##0');
    const heads = sheet.getRow(5).values as unknown[];
    const yearOnYear = rowOfCode(sheet, '2020').getCell(heads.indexOf('同比(%)'));
    expect(yearOnYear.numFmt).toBe('0.0');

    // The footer: the legal representative, the submitter and their mobile, the day of submission in China.
    const footer = lastText(sheet);
    expect(footer).toContain('单位负责人：张法人');
    expect(footer).toContain('统计负责人：＿＿＿＿');
    expect(footer).toContain(`填表人：${filerName.split('：')[0]}`);
    expect(footer).toContain(`联系电话：${filerName.split('：')[1]}`);
    expect(footer).toContain('报出日期：2026年05月09日');
  });

  it('takes the annual footer from the filing’s own 企业基本情况表', async () => {
    const task = await createTask(t.ctx.db, { period: '2025', periodType: 'year' });
    const values = createSampleFiling(getEdition(), { periodType: 'year', seed: 3, scale: 1 }) as Values;
    values.basic = {
      ...values.basic,
      B04: '李负责',
      B17: '王统计',
      B18: '赵填表',
      B19: '13900001111',
      B20: '2026-02-10',
    };
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId,
      userId: filerUserId,
      status: 'submitted',
      values,
    });
    const response = await getAs(t.app, filer, `/api/enterprise/filings/${filing.id}/export.xlsx`);
    expect(response.statusCode).toBe(200);
    const workbook = await workbookOf(response.rawPayload);
    for (const sheet of workbook.worksheets) {
      expect(lastText(sheet)).toBe(
        '单位负责人：李负责    统计负责人：王统计    填表人：赵填表    联系电话：13900001111    报出日期：2026年02月10日',
      );
    }
  });
});

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((candidate) => existsSync(candidate));
const run = promisify(execFile);

describe('the official export in LibreOffice', () => {
  it('opens cleanly: converted headless to csv and pdf, with the footer and the rounded figure', async (context) => {
    if (!soffice) {
      context.skip(
        'LibreOffice (soffice) is not installed on this machine: the conversion cannot be checked',
      );
      return;
    }
    const values = monthly();
    const content = await buildFilingWorkbook({
      edition: getEdition(),
      periodType: 'month',
      period: '2026-04',
      periodLabel: '2026年04月',
      enterprise: { name: '格式测试软件有限公司', uscc: '91440300MA5F000000' },
      values,
      signOff: {
        unitHead: '张法人',
        statisticsHead: '',
        preparer: '填报员',
        phone: '13800000000',
        reportedOn: '2026-05-09',
      },
    });
    const directory = await mkdtemp(path.join(tmpdir(), 'zhibao-soffice-'));
    try {
      const input = path.join(directory, 'filing.xlsx');
      await writeFile(input, content);
      // Its own profile, so a LibreOffice already running on the machine does not take the job.
      const profile = `-env:UserInstallation=file://${path.join(directory, 'profile')}`;
      for (const format of ['csv:Text - txt - csv (StarCalc):44,34,76', 'pdf']) {
        await run(soffice, [profile, '--headless', '--convert-to', format, '--outdir', directory, input], {
          timeout: 120_000,
        });
      }
      const csv = await readFile(path.join(directory, 'filing.csv'), 'utf8');
      expect(csv).toContain('软件和信息技术服务业企业月报表');
      expect(csv).toContain('"5,263.93"');
      expect(csv).toContain('报出日期：2026年05月09日');
      const pdf = await readFile(path.join(directory, 'filing.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 180_000);
});
