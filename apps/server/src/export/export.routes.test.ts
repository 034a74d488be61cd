import { createSampleFiling, getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createFiler, createFiling, createTask, userIdOf } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

type Values = Record<string, Record<string, number | string | null>>;

function postAs(app: FastifyInstance, who: SignedIn, url: string, payload: unknown) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    payload: payload as object,
  });
}

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** The value column next to an indicator code on an official-layout sheet. */
function valueOfCode(sheet: ExcelJS.Worksheet, code: string, column = 4): unknown {
  for (let row = 1; row <= sheet.rowCount; row += 1) {
    if (sheet.getCell(row, 2).value === code) return sheet.getCell(row, column).value;
  }
  throw new Error(`code ${code} not on sheet ${sheet.name}`);
}

describe.each(databaseKinds)('Excel export and template round-trip on %s', (kind) => {
  let t: TestApp;
  let filer: SignedIn;
  let enterpriseId: string;
  let filerUserId: string;
  const values = createSampleFiling(getEdition(), {
    periodType: 'month',
    seed: 11,
    scale: 1,
    monthIndex: 5,
  }) as Values;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '导出测试软件有限公司',
    });
    const account = await createFiler(t.ctx.db, enterprise);
    filer = await signIn(t.app, account.username, account.password);
    enterpriseId = enterprise.id;
    filerUserId = await userIdOf(t.ctx.db, account.username);
  });
  afterAll(() => t.close());

  it('exports a submitted filing laid out like 软统企6表, with the values as filed', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-05' });
    const submitted = await postAs(t.app, filer, `/api/enterprise/tasks/${task.id}/filing/submit`, {
      version: null,
      values,
      explanations: {},
    });
    expect(submitted.statusCode).toBe(200);
    const filingId = submitted.json().filingId as string;

    const response = await getAs(t.app, filer, `/api/enterprise/filings/${filingId}/export.xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(
      encodeURIComponent('2026年05月软件和信息技术服务业月报-企业月报表.xlsx'),
    );
    const sheet = (await workbookOf(response.rawPayload)).getWorksheet('软统企6表')!;
    expect(sheet.getCell('A1').value).toBe('软件和信息技术服务业企业月报表');
    expect(String(sheet.getCell('A2').value)).toContain('批准文号：国统制〔2021〕136号');
    expect(sheet.getRow(5).values).toEqual(
      expect.arrayContaining(['指标名称', '代码', '计量单位', '本年本期累计', '去年同期累计', '同比(%)']),
    );
    expect(valueOfCode(sheet, '2010')).toBe(values.monthly!['2010']);
    const m = values.monthly!;
    const softwareRevenue = [m['2021'], m['2022'], m['2023']].reduce<number>((sum, v) => sum + Number(v), 0);
    expect(Number(valueOfCode(sheet, '2020'))).toBeCloseTo(softwareRevenue + Number(m['20241']) * 0.25, 2);

    const batch = await getAs(t.app, filer, `/api/enterprise/filings/export.xlsx?ids=${filingId}`);
    expect(batch.statusCode).toBe(200);
    const batchBook = await workbookOf(batch.rawPayload);
    expect(batchBook.worksheets.map((worksheet) => worksheet.name)).toEqual(['2026-05 软统企6表']);
  });

  it('批量导出 holds exactly the chosen filings, and refuses a chosen filing of another enterprise', async () => {
    const periods = ['2023-01', '2023-02', '2023-03', '2023-04'];
    const filingIds: string[] = [];
    for (const period of periods) {
      const task = await createTask(t.ctx.db, { period });
      const filing = await createFiling(t.ctx.db, {
        taskId: task.id,
        enterpriseId,
        userId: filerUserId,
        status: 'submitted',
        values,
      });
      filingIds.push(filing.id);
    }
    const chosen = `${filingIds[1]},${filingIds[3]}`;
    const batch = await getAs(t.app, filer, `/api/enterprise/filings/export.xlsx?ids=${chosen}`);
    expect(batch.statusCode).toBe(200);
    expect(batch.headers['content-disposition']).toContain(encodeURIComponent('填报数据批量导出(2份).xlsx'));
    const sheets = (await workbookOf(batch.rawPayload)).worksheets.map((worksheet) => worksheet.name);
    expect(sheets).toEqual(['2023-02 软统企6表', '2023-04 软统企6表']);

    const other = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '别家软件有限公司' });
    const otherTask = await createTask(t.ctx.db, { period: '2023-05' });
    const otherFiling = await createFiling(t.ctx.db, {
      taskId: otherTask.id,
      enterpriseId: other.id,
      status: 'submitted',
      values,
    });
    const reaching = await getAs(
      t.app,
      filer,
      `/api/enterprise/filings/export.xlsx?ids=${filingIds[0]},${otherFiling.id}`,
    );
    expect(reaching.statusCode).toBe(404);
    expect(reaching.json().detail).toBe('报表不存在或无权访问');
  });

  it('reads a filled template back, audits it, and names the sheet and cell of a bad value', async () => {
    const task = await createTask(t.ctx.db, { period: '2025-03' });
    const template = await getAs(t.app, filer, `/api/enterprise/tasks/${task.id}/template.xlsx`);
    expect(template.statusCode).toBe(200);
    const workbook = await workbookOf(template.rawPayload);
    const sheet = workbook.getWorksheet('软统企6表')!;
    for (let row = 6; row <= sheet.rowCount; row += 1) {
      const code = sheet.getCell(row, 2).value;
      const value = typeof code === 'string' ? values.monthly![code] : undefined;
      if (value !== undefined) sheet.getCell(row, 4).value = value;
    }
    const setCode = (code: string, value: ExcelJS.CellValue) => {
      for (let row = 6; row <= sheet.rowCount; row += 1) {
        if (sheet.getCell(row, 2).value === code) sheet.getCell(row, 4).value = value;
      }
    };
    setCode('2010', 1);
    const upload = async () =>
      postAs(t.app, filer, `/api/enterprise/tasks/${task.id}/filing/import`, {
        fileName: '填报模板.xlsx',
        contentBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64'),
      });
    const audited = await upload();
    expect(audited.statusCode).toBe(200);
    expect(audited.json().values.monthly['2010']).toBe(1);
    expect(audited.json().findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain(
      'E-MON-01',
    );
    // Nothing is saved until the filer confirms.
    expect((await getAs(t.app, filer, `/api/enterprise/tasks/${task.id}/filing`)).json().status).toBe(
      'not_started',
    );

    setCode('2010', '四千');
    const wrong = await upload();
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().invalidParams).toEqual([
      { name: '软统企6表!D7', reason: '2010 主营业务收入应填写数字，文件中是“四千”' },
    ]);
  });

  it('refuses a template of another period', async () => {
    const march = await createTask(t.ctx.db, { period: '2024-03' });
    const april = await createTask(t.ctx.db, { period: '2024-04' });
    const template = await getAs(t.app, filer, `/api/enterprise/tasks/${march.id}/template.xlsx`);
    const response = await postAs(t.app, filer, `/api/enterprise/tasks/${april.id}/filing/import`, {
      fileName: 'march.xlsx',
      contentBase64: template.rawPayload.toString('base64'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().invalidParams[0]).toEqual({
      name: '软统企6表!A3',
      reason: '文件的报告期是2024年03月，与本任务的报告期2024年04月不一致',
    });
  });
});
