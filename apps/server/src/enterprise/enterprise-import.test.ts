import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { directoryWorkbookBase64, testUscc } from '../test/directory-workbook.ts';

describe.each(databaseKinds)('enterprise directory maintenance on %s', (kind) => {
  let t: TestApp;
  let nanshan: SignedIn;
  let yubei: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const ns = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    const yb = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '500112' });
    nanshan = await signIn(t.app, ns.username, ns.password);
    yubei = await signIn(t.app, yb.username, yb.password);
  });
  afterAll(() => t.close());

  const enterprise = {
    uscc: testUscc('440305', 'MA5ADD01'),
    name: '南山新增软件有限公司',
    regionCode: '440305',
    legalRepresentative: '王五',
    industryCode: '6513',
    mainRevenue: 2500,
    softwareRevenue: 2000,
    isKeyEnterprise: true,
  };

  it('adds an enterprise with 纳统 computed from the scope rules, and names a bad USCC in Chinese', async () => {
    const created = await sendAs(t.app, nanshan, 'POST', '/api/admin/enterprises', enterprise);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ isInScope: true, scopeOverride: null, regionName: '南山区' });

    const duplicate = await sendAs(t.app, nanshan, 'POST', '/api/admin/enterprises', enterprise);
    expect(duplicate.json().invalidParams).toEqual([
      { name: 'uscc', reason: '该统一社会信用代码已在名录库中' },
    ]);
    const badCheck = await sendAs(t.app, nanshan, 'POST', '/api/admin/enterprises', {
      ...enterprise,
      uscc: `${enterprise.uscc.slice(0, 17)}${enterprise.uscc[17] === '0' ? '1' : '0'}`,
    });
    expect(badCheck.statusCode).toBe(400);
    expect(badCheck.json().invalidParams[0].reason).toMatch(/^统一社会信用代码第18位校验码应为/);
    const foreign = await sendAs(t.app, yubei, 'POST', '/api/admin/enterprises', {
      ...enterprise,
      uscc: testUscc('440305', 'MA5ADD02'),
    });
    expect(foreign.json().invalidParams).toEqual([
      { name: 'regionCode', reason: '行政区划代码 440305 不存在或不在本辖区内' },
    ]);
  });

  it("never tells a district that another region's directory holds a USCC, on the form, on edit or in the import", async () => {
    const held = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山名录保密软件有限公司' });
    const refusal = { name: 'uscc', reason: '该统一社会信用代码无法在本辖区登记，请联系上级管理员' };
    const yubeiEntry = { ...enterprise, name: '渝北登记软件有限公司', regionCode: '500112' };
    const created = await sendAs(t.app, yubei, 'POST', '/api/admin/enterprises', {
      ...yubeiEntry,
      uscc: held.uscc,
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().invalidParams).toEqual([refusal]);

    const own = await createEnterprise(t.ctx.db, { regionCode: '500112', name: '渝北编辑软件有限公司' });
    const edited = await sendAs(t.app, yubei, 'PUT', `/api/admin/enterprises/${own.id}`, {
      ...yubeiEntry,
      uscc: held.uscc,
    });
    expect(edited.json().invalidParams).toEqual([refusal]);

    const contentBase64 = await directoryWorkbookBase64([
      [held.uscc, '渝北导入保密软件有限公司', '500112', '周九', '6513', '', '', '', '', '', '', ''],
    ]);
    const imported = await sendAs(t.app, yubei, 'POST', '/api/admin/enterprises/import', {
      fileName: '名录.xlsx',
      contentBase64,
    });
    expect(imported.json().rows[0]).toMatchObject({
      kind: 'refused',
      reasons: [`第2行“统一社会信用代码”列：${refusal.reason}`],
    });

    // The levels that see both regions can tell from the audit trail who asked for whose enterprise.
    const trail = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'region_code'])
      .where('subject_id', '=', held.id)
      .execute();
    expect(trail).toEqual(
      Array.from({ length: 3 }, () => ({ action: 'enterprise.uscc_refused', region_code: '440305' })),
    );
  });

  it('edits an enterprise and overrides 纳统 only with a reason', async () => {
    const row = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山编辑软件有限公司' });
    const body = {
      ...enterprise,
      uscc: row.uscc,
      name: '南山编辑软件有限公司',
      mainRevenue: 100,
      softwareRevenue: 90,
    };
    const ruled = await sendAs(t.app, nanshan, 'PUT', `/api/admin/enterprises/${row.id}`, body);
    expect(ruled.json()).toMatchObject({ isInScope: false, computedScope: { isInScope: false } });
    const noReason = await sendAs(t.app, nanshan, 'PUT', `/api/admin/enterprises/${row.id}`, {
      ...body,
      scopeOverride: true,
    });
    expect(noReason.json().invalidParams).toEqual([
      { name: 'scopeOverrideReason', reason: '手工调整纳统标志时请填写原因' },
    ]);
    const overridden = await sendAs(t.app, nanshan, 'PUT', `/api/admin/enterprises/${row.id}`, {
      ...body,
      scopeOverride: true,
      scopeOverrideReason: '省里指定纳统',
    });
    expect(overridden.json()).toMatchObject({
      isInScope: true,
      scopeOverride: true,
      scopeOverrideReason: '省里指定纳统',
    });
    expect((await sendAs(t.app, yubei, 'PUT', `/api/admin/enterprises/${row.id}`, body)).statusCode).toBe(
      404,
    );
  });

  it('previews a directory workbook, naming row and column of every refused row, and imports only on confirmation', async () => {
    const good = testUscc('440305', 'MA5KMP01');
    const contentBase64 = await directoryWorkbookBase64([
      [good, '南山导入甲软件有限公司', '440305', '赵六', '6513', 3000, 2000, '', '否', '2', '是', '否'],
      ['91440300MA5XXXXXX1', '南山导入乙软件有限公司', '440305', '钱七', '6513', '', '', '', '', '', '', ''],
      [
        testUscc('500112', 'MA5KMP02'),
        '渝北导入软件有限公司',
        '500112',
        '孙八',
        '6513',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
      [good, '南山导入甲重复', '440305', '赵六', '65', '很多', '', '', '也许', '', '', ''],
      [testUscc('440305', 'MA5KMP03'), '', '440305', '', '6513', '', '', '', '', '', '', ''],
    ]);
    const response = await sendAs(t.app, nanshan, 'POST', '/api/admin/enterprises/import', {
      fileName: '名录.xlsx',
      contentBase64,
    });
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    expect(preview).toMatchObject({ total: 5, counts: { new: 1, updated: 0, refused: 4 } });
    const reasonsOf = (row: number) =>
      preview.rows.find((entry: { row: number }) => entry.row === row)?.reasons as string[];
    expect(
      preview.rows
        .filter((entry: { kind: string }) => entry.kind === 'refused')
        .map((entry: { row: number }) => entry.row),
    ).toEqual([3, 4, 5, 6]);
    expect(reasonsOf(3)).toHaveLength(1);
    expect(reasonsOf(3)[0]).toMatch(/^第3行“统一社会信用代码”列：统一社会信用代码第\d+(至\d+)?位/);
    expect(reasonsOf(4)).toEqual(['第4行“行政区划代码”列：500112 不存在或不在本辖区内']);
    expect(reasonsOf(5)).toEqual(
      expect.arrayContaining([
        '第5行“主营业务收入(万元)”列：“很多”不是数字',
        '第5行“主要从事基础软件等(是/否)”列：应填“是”或“否”，实为“也许”',
      ]),
    );
    expect(reasonsOf(6)).toEqual(
      expect.arrayContaining(['第6行“企业名称”列：请填写企业名称', '第6行“法定代表人”列：请填写法定代表人']),
    );

    const listedNames = async () =>
      (await getAs(t.app, nanshan, `/api/admin/enterprises?keyword=${encodeURIComponent('南山导入')}`)).json()
        .items;
    expect(await listedNames()).toEqual([]);

    const confirmed = await sendAs(
      t.app,
      nanshan,
      'POST',
      `/api/admin/enterprises/import/${preview.previewId}/confirm`,
      {},
    );
    expect(confirmed.json()).toMatchObject({ total: 5, created: 1, updated: 0, refused: 4 });
    expect(await listedNames()).toEqual([
      expect.objectContaining({
        name: '南山导入甲软件有限公司',
        isInScope: true,
        isKeyEnterprise: true,
        sizeCode: '2',
      }),
    ]);
    const again = await sendAs(
      t.app,
      nanshan,
      'POST',
      `/api/admin/enterprises/import/${preview.previewId}/confirm`,
      {},
    );
    expect(again.json()).toMatchObject({
      code: 'DIRECTORY_PREVIEW_EXPIRED',
      detail: '该导入已确认过，无需重复导入',
    });
  });

  it('names a file that is not a workbook, and one without the required columns', async () => {
    const junk = await sendAs(t.app, nanshan, 'POST', '/api/admin/enterprises/import', {
      fileName: '名录.xlsx',
      contentBase64: Buffer.from('not a workbook').toString('base64'),
    });
    expect(junk.json().detail).toBe('无法读取文件“名录.xlsx”，请使用名录导入模板（.xlsx）');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('x').addRow(['企业名称']);
    const partial = await sendAs(t.app, nanshan, 'POST', '/api/admin/enterprises/import', {
      fileName: 'x.xlsx',
      contentBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64'),
    });
    expect(partial.json().detail).toBe(
      '名录文件缺少列：统一社会信用代码、行政区划代码、法定代表人、行业代码',
    );
  });
});
