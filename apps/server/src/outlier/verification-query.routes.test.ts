import { decidedFiling, filingProvenance, filingView, verificationAnswerKey } from '@zhibao/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditingFixture, type EditingFixture } from '../test/editing-fixture.ts';
import { createAdmin } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// 请核实: the district asks about a flagged value; the enterprise corrects it; the cell's history shows
// reported → corrected with the query it answered. Staff never change the value themselves.
describe.each(databaseKinds)('请核实 and where each value came from on %s', (kind) => {
  let t: TestApp;
  let fixture: EditingFixture;
  let yubei: SignedIn;
  let nanshan: SignedIn;
  let filer: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    fixture = await createEditingFixture(t.ctx.db);
    const yubeiAccount = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '500112' });
    yubei = await signIn(t.app, yubeiAccount.username, yubeiAccount.password);
    const nanshanAccount = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    nanshan = await signIn(t.app, nanshanAccount.username, nanshanAccount.password);
    filer = await signIn(t.app, fixture.unitErrorFiler.username, fixture.unitErrorFiler.password);
  });
  afterAll(() => t.close());

  const provenanceOf = async (filingId: string) =>
    filingProvenance.parse(
      (await getAs(t.app, yubei, `/api/admin/review/filings/${filingId}/provenance`)).json(),
    );
  const queryUrl = (filingId: string) => `/api/admin/review/filings/${filingId}/verification-queries`;

  it('shows every value as reported before any query', async () => {
    const cells = (await provenanceOf(fixture.filings['unit-error']!)).cells;
    expect(cells.find((cell) => cell.key === '2010')).toMatchObject({ source: 'reported', answered: null });
  });

  it('refuses a query naming a cell the form does not have, and one on a filing outside the region', async () => {
    const unknown = await sendAs(t.app, yubei, 'POST', queryUrl(fixture.filings['unit-error']!), {
      cells: [{ formId: 'monthly', key: '9999' }],
      message: '请核实',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().invalidParams[0].name).toBe('cells.0');
    const foreign = await sendAs(t.app, nanshan, 'POST', queryUrl(fixture.filings['unit-error']!), {
      cells: [{ formId: 'monthly', key: '2010' }],
      message: '请核实',
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('sends the query with the numbers behind the flag; the correction is recorded with the query it answered', async () => {
    const filingId = fixture.filings['unit-error']!;
    const sent = await sendAs(t.app, yubei, 'POST', queryUrl(filingId), {
      cells: [{ formId: 'monthly', key: '2010' }],
      message: '本月主营业务收入增量约为去年同月的十倍',
    });
    expect(sent.statusCode).toBe(200);
    expect(decidedFiling.parse(sent.json()).status).toBe('returned');

    // The enterprise opens its returned filing, corrects 2010 and submits again.
    const { values, version } = filingView.parse(
      (await getAs(t.app, filer, `/api/enterprise/tasks/${fixture.taskId}/filing`)).json(),
    );
    const reported = values.monthly?.['2010'] as number;
    const corrected = Math.round((reported - 12000) * 100) / 100;
    const submitted = await sendAs(
      t.app,
      filer,
      'POST',
      `/api/enterprise/tasks/${fixture.taskId}/filing/submit`,
      {
        version,
        values: { ...values, monthly: { ...values.monthly, '2010': corrected } },
        explanations: {},
      },
    );
    expect(submitted.statusCode, submitted.body).toBe(200);

    const cell = (await provenanceOf(filingId)).cells.find((found) => found.key === '2010');
    expect(cell?.source).toBe('corrected');
    expect(cell?.history.map((entry) => entry.value)).toEqual([reported, corrected]);
    expect(cell?.answered?.reason).toBe('请核实：本月主营业务收入增量约为去年同月的十倍');
    expect(cell?.answered?.comment).toMatch(/^请核实。本月增量与去年同月增量相比偏高/);
    const untouched = (await provenanceOf(filingId)).cells.find((found) => found.key === '2021');
    expect(untouched).toMatchObject({ source: 'reported', answered: null });
  });

  it('records an answer that the value is right apart from a correction: explained, with the query it answered', async () => {
    const filingId = fixture.filings.collapse!;
    const sent = await sendAs(t.app, yubei, 'POST', queryUrl(filingId), {
      cells: [{ formId: 'monthly', key: '2021' }],
      message: '本月软件产品收入几乎为零',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const collapseFiler = await signIn(t.app, fixture.collapseFiler.username, fixture.collapseFiler.password);
    const { values, version } = filingView.parse(
      (await getAs(t.app, collapseFiler, `/api/enterprise/tasks/${fixture.taskId}/filing`)).json(),
    );
    // The value is right: submitted again unchanged, with the answer on the queried cell (and one on a cell the
    // query did not name, which is not kept).
    const submitted = await sendAs(
      t.app,
      collapseFiler,
      'POST',
      `/api/enterprise/tasks/${fixture.taskId}/filing/submit`,
      {
        version,
        values,
        explanations: {
          [verificationAnswerKey({ formId: 'monthly', key: '2021' })]:
            '本月产品合同延至下月验收，收入确实很少',
          [verificationAnswerKey({ formId: 'monthly', key: '2022' })]: '未被询问',
        },
      },
    );
    expect(submitted.statusCode, submitted.body).toBe(200);
    const cells = (await provenanceOf(filingId)).cells;
    expect(cells.find((cell) => cell.key === '2021')).toMatchObject({
      source: 'explained',
      explanation: '本月产品合同延至下月验收，收入确实很少',
      answered: { reason: '请核实：本月软件产品收入几乎为零' },
    });
    expect(cells.find((cell) => cell.key === '2021')?.history).toHaveLength(1);
    expect(cells.find((cell) => cell.key === '2022')).toMatchObject({
      source: 'reported',
      explanation: null,
    });
  });

  it('marks the corrected cell in the 明细 export; the other filings are as reported', async () => {
    const response = await getAs(t.app, yubei, `/api/admin/tasks/${fixture.taskId}/filings/export.xlsx`);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const sourceColumn = sheet.getRow(1).cellCount;
    expect(sheet.getRow(1).getCell(sourceColumn).value).toBe('数据来源');
    const sources = new Map<string, unknown>();
    sheet.eachRow((row, index) => {
      if (index > 2) sources.set(String(row.getCell(2).value), row.getCell(sourceColumn).value);
    });
    expect(sources.get('渝北编辑unit-error')).toBe('更正: 2010');
    expect(sources.get('渝北编辑collapse')).toBe('说明无误: 2021');
    expect(sources.get('渝北编辑cq0')).toBe('原报');
  });
});
