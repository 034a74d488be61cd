import { dataQualityFindingList, dataQualityRunState, type DataQualityFinding } from '@zhibao/contracts';
import { explanationKey } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditingFixture, type EditingFixture } from '../test/editing-fixture.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { runNextDataQualityRun } from './run-data-quality.ts';

// 数据质量检查 over a fixed data set: the planted outliers, a filing with a zero key indicator and a warning
// explained, an annual report whose basic information disagrees with the directory; listed without a cap,
// filtered, exported, kept to each region, run in the background with its progress.

describe.each(databaseKinds)('the data-quality run on %s', (kind) => {
  let t: TestApp;
  let fixture: EditingFixture;
  let yubei: SignedIn;
  let nanshan: SignedIn;
  let ministry: SignedIn;
  let annualTaskId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    fixture = await createEditingFixture(t.ctx.db);
    // A 渝北 filing of July with no staff (warning W-MON-03, explained) and a zero 利润总额 (a key indicator).
    const quiet = await createEnterprise(t.ctx.db, { regionCode: '500112', name: '渝北质量无人' });
    const quietFiling = await createFiling(t.ctx.db, {
      taskId: fixture.taskId,
      enterpriseId: quiet.id,
      status: 'submitted',
      values: {
        monthly: { '2001': '2', '2010': 500, '2021': 200, '2022': 250, '2023': 50, '20241': 0, '2050': 300 },
      },
    });
    await t.ctx.db
      .updateTable('filings')
      .set({
        cell_values: JSON.stringify({
          monthly: {
            '2001': '2',
            '2010': 500,
            '2021': 200,
            '2022': 250,
            '2023': 50,
            '20241': 0,
            '2050': 300,
            '2090': 0,
            '2112': 0,
          },
        }),
        explanations: JSON.stringify({
          [explanationKey({ ruleId: 'W-MON-03', cells: [{ formId: 'monthly', key: '2112' }] })]:
            '本月人员均为外包，无自有用工',
        }),
      })
      .where('id', '=', quietFiling.id)
      .execute();
    // An annual report of 2025 whose 单位详细名称 is not the directory's.
    const annual = await createTask(t.ctx.db, { periodType: 'year', period: '2025' });
    annualTaskId = annual.id;
    const renamed = await createEnterprise(t.ctx.db, { regionCode: '500112', name: '渝北质量更名' });
    await createFiling(t.ctx.db, {
      taskId: annual.id,
      enterpriseId: renamed.id,
      status: 'submitted',
      values: { basic: { B03: '渝北质量更名后有限公司', B05: '500112', B09: '6513' } },
    });
    yubei = await signInAs('county', '500112');
    nanshan = await signInAs('county', '440305');
    ministry = await signInAs('ministry', '000000');
  });
  afterAll(() => t.close());

  async function signInAs(adminLevel: 'county' | 'ministry', regionCode: string): Promise<SignedIn> {
    const account = await createAdmin(t.ctx.db, { adminLevel, regionCode });
    return signIn(t.app, account.username, account.password);
  }
  const runsOf = async (who: SignedIn, taskId: string) =>
    dataQualityRunState.parse(
      (await getAs(t.app, who, `/api/admin/data-quality/runs?taskId=${taskId}`)).json(),
    );
  const findingsOf = async (who: SignedIn, query: string) => {
    const response = await getAs(t.app, who, `/api/admin/data-quality/findings?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return dataQualityFindingList.parse(response.json());
  };
  const start = (who: SignedIn, taskId: string) =>
    sendAs(t.app, who, 'POST', '/api/admin/data-quality/runs', { taskId });
  const summary = (findings: DataQualityFinding[]) =>
    findings.map((finding) => `${finding.enterpriseName} ${finding.kind} ${finding.key}`);

  it('queues a run once, does it in the background and reports its progress', async () => {
    expect((await findingsOf(yubei, `taskId=${fixture.taskId}`)).run).toBeNull();
    const first = await start(yubei, fixture.taskId);
    expect(first.statusCode, first.body).toBe(200);
    const again = dataQualityRunState.parse((await start(yubei, fixture.taskId)).json());
    expect(again.active).toMatchObject({ status: 'queued', regionCode: '500112', filingsDone: 0 });
    expect(again.active?.id).toBe(dataQualityRunState.parse(first.json()).active?.id);

    expect(await runNextDataQualityRun(t.ctx, { batchSize: 5, leaseMs: 60_000 })).toBe(true);
    expect(await runNextDataQualityRun(t.ctx)).toBe(false);
    const { latest, active } = await runsOf(yubei, fixture.taskId);
    expect(active).toBeNull();
    // Twelve enterprises with history and the one without staff: thirteen filings, in batches of five.
    expect(latest).toMatchObject({ status: 'done', filingsTotal: 13, filingsDone: 13 });
  });

  it('lists the outliers, the zero key indicator and the warning with its explanation', async () => {
    const list = await findingsOf(yubei, `taskId=${fixture.taskId}&pageSize=500`);
    expect(list.total).toBe(list.findings.length);
    expect(list.run?.findingCount).toBe(list.total);
    const found = summary(list.findings);
    expect(found).toContain('渝北编辑unit-error outlier 2010');
    expect(found).toContain('渝北编辑collapse outlier 2020');
    expect(found).toContain('渝北质量无人 zero-key 2090');
    const warning = list.findings.find(
      (finding) => finding.ruleId === 'W-MON-03' && finding.enterpriseName === '渝北质量无人',
    );
    expect(warning).toMatchObject({ kind: 'warning', explanation: '本月人员均为外包，无自有用工' });
    const outlier = list.findings.find((finding) => finding.enterpriseName === '渝北编辑unit-error');
    expect(outlier?.message).toMatch(/^2010 主营业务收入：本月增量与去年同月增量相比偏高/);
    expect(list.findings.every((finding) => finding.regionCode === '500112')).toBe(true);
  });

  it('filters by kind and by text, and pages through every finding', async () => {
    const outliers = await findingsOf(yubei, `taskId=${fixture.taskId}&kind=outlier`);
    expect(outliers.findings.every((finding) => finding.kind === 'outlier')).toBe(true);
    expect(outliers.total).toBe(outliers.countsByKind.outlier);
    const searched = await findingsOf(yubei, `taskId=${fixture.taskId}&search=${encodeURIComponent('无人')}`);
    expect(new Set(searched.findings.map((finding) => finding.enterpriseName))).toEqual(
      new Set(['渝北质量无人']),
    );
    const all = await findingsOf(yubei, `taskId=${fixture.taskId}&pageSize=500`);
    const paged: DataQualityFinding[] = [];
    for (let page = 1; paged.length < all.total; page += 1) {
      paged.push(...(await findingsOf(yubei, `taskId=${fixture.taskId}&pageSize=3&page=${page}`)).findings);
    }
    expect(paged).toEqual(all.findings);
  });

  it('exports every finding the filter keeps to .xlsx', async () => {
    const all = await findingsOf(yubei, `taskId=${fixture.taskId}&pageSize=500`);
    const response = await getAs(
      t.app,
      yubei,
      `/api/admin/data-quality/findings/export?taskId=${fixture.taskId}`,
    );
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('数据质量检查')!;
    expect(sheet.rowCount).toBe(all.total + 2);
    const rows = sheet.getSheetValues().slice(3) as unknown[][];
    const explained = rows.find((row) => row[7] === 'W-MON-03');
    expect(explained?.[1]).toBe('提示性审核');
    expect(explained?.[9]).toBe('本月人员均为外包，无自有用工');
  });

  it("runs nationally for the ministry; each district reads the national run's findings of its own region", async () => {
    expect((await start(ministry, fixture.taskId)).statusCode).toBe(200);
    expect((await runsOf(nanshan, fixture.taskId)).active).toMatchObject({
      regionCode: '000000',
      status: 'queued',
    });
    await runNextDataQualityRun(t.ctx);
    const national = await findingsOf(ministry, `taskId=${fixture.taskId}&pageSize=500`);
    expect(national.run).toMatchObject({ regionCode: '000000', filingsTotal: 23 });
    const southern = await findingsOf(nanshan, `taskId=${fixture.taskId}&pageSize=500`);
    expect(summary(southern.findings.filter((finding) => finding.kind === 'outlier')).sort()).toEqual([
      '南山编辑giant outlier 2010',
      '南山编辑giant outlier 2020',
      '南山编辑giant outlier 2040',
      '南山编辑giant outlier 2090',
    ]);
    expect(southern.findings.every((finding) => finding.regionCode === '440305')).toBe(true);
    const foreign = await getAs(
      t.app,
      nanshan,
      `/api/admin/data-quality/findings?taskId=${fixture.taskId}&regionCode=500112`,
    );
    expect(foreign.statusCode).toBe(404);
  });

  it('finds where an annual report’s basic information disagrees with the directory', async () => {
    await start(yubei, annualTaskId);
    await runNextDataQualityRun(t.ctx);
    const list = await findingsOf(yubei, `taskId=${annualTaskId}&kind=directory-mismatch`);
    expect(list.findings.map((finding) => finding.message)).toEqual([
      '单位详细名称（B03）填报为“渝北质量更名后有限公司”，名录中为“渝北质量更名”',
    ]);
  });
});
