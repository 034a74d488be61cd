import { createSampleFiling, getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signInEach, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// Issue 14, finding 2: 2010 主营业务收入 and 2090 利润总额 took 1e308 without a finding, so the filing was
// submitted, counted as clean and bulk-approved. Finding 7: a zero-width space passed as a 审核说明.

/** A month's values without findings, from the survey's own sample generator. */
const cleanMonthlyValues = (seed = 7): CellValues =>
  createSampleFiling(getEdition(), { periodType: 'month', seed, scale: 1, monthIndex: 10 }) as CellValues;

const withCells = (cells: Record<string, number>, seed = 7): CellValues => {
  const values = cleanMonthlyValues(seed);
  return { monthly: { ...values.monthly, ...cells } };
};

interface Problem {
  detail: string;
  invalidParams: Array<{ name: string; reason: string }>;
}

describe.each(databaseKinds)('bounds of filed values on %s', (kind) => {
  let t: TestApp;
  let who: Record<'filer' | 'county', SignedIn>;
  let enterpriseId: string;
  let filerUserId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '南山界限测试有限公司',
    });
    enterpriseId = enterprise.id;
    const filer = await createFiler(t.ctx.db, enterprise);
    const county = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    filerUserId = await userIdOf(t.ctx.db, filer.username);
    who = await signInEach(t.app, { filer, county });
  });
  afterAll(() => t.close());

  const filingUrl = (taskId: string) => `/api/enterprise/tasks/${taskId}/filing`;
  const submit = (taskId: string, values: CellValues, explanations: Record<string, string> = {}) =>
    sendAs(t.app, who.filer, 'POST', `${filingUrl(taskId)}/submit`, { version: null, values, explanations });
  const statusOf = async (taskId: string) =>
    (await getAs(t.app, who.filer, filingUrl(taskId))).json<{ status: string }>().status;

  it('refuses to submit 1e308 in 2010 主营业务收入 or 2090 利润总额, naming the cell', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-02' });
    for (const code of ['2010', '2090']) {
      const absurd = await submit(task.id, withCells({ [code]: 1e308 }));
      expect(absurd.statusCode, code).toBe(400);
      expect(absurd.json<Problem>().invalidParams).toEqual([
        {
          name: `values.monthly.${code}`,
          reason: '数值超出可保存的范围：绝对值不能超过1,000,000,000,000,000',
        },
      ]);
    }
    // Storable but implausible: the audit's 必改错误 blocks the submission and names the cell and the bound.
    const implausible = await submit(task.id, withCells({ '2090': -5e9 }));
    expect(implausible.statusCode).toBe(400);
    expect(implausible.json<Problem>().detail).toMatch(/必改错误，不能上报/);
    expect(implausible.json<Problem>().invalidParams).toContainEqual({
      name: 'monthly.2090',
      reason:
        '软件和信息技术服务业企业月报表: 利润总额(2090)为-5000000000万元,超出合理范围:绝对值不能超过1,000,000,000万元(10亿万元)',
    });
    expect(await statusOf(task.id)).toBe('not_started');

    const decimals = await submit(task.id, withCells({ '2112': 120.5 }));
    expect(decimals.statusCode).toBe(400);
    expect(decimals.json<Problem>().invalidParams).toContainEqual({
      name: 'monthly.2112',
      reason: '软件和信息技术服务业企业月报表: 平均用工人数(2112)为120.5人,应为整数',
    });
  });

  it('keeps an implausible number in a draft, reporting it, but refuses one beyond the storable ceiling', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-03' });
    const saved = await sendAs(t.app, who.filer, 'PUT', filingUrl(task.id), {
      version: null,
      values: withCells({ '2010': 5e9 }),
    });
    expect(saved.statusCode).toBe(200);
    expect(
      saved.json<{ findings: Array<{ ruleId: string; severity: string; cells: unknown }> }>().findings,
    ).toContainEqual(
      expect.objectContaining({
        ruleId: 'E-MON-RANGE',
        severity: 'error',
        cells: [{ formId: 'monthly', key: '2010' }],
      }),
    );
    const reloaded = (await getAs(t.app, who.filer, filingUrl(task.id))).json();
    expect(reloaded.values.monthly['2010']).toBe(5e9);

    const tooLarge = await sendAs(t.app, who.filer, 'PUT', filingUrl(task.id), {
      version: reloaded.version,
      values: withCells({ '2010': 1e16 }),
    });
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.json<Problem>().invalidParams).toEqual([
      { name: 'values.monthly.2010', reason: '数值超出可保存的范围：绝对值不能超过1,000,000,000,000,000' },
    ]);
    // A JSON number beyond a double (1e999) reads as Infinity: refused, never saved as blank.
    const infinite = await t.app.inject({
      method: 'PUT',
      url: filingUrl(task.id),
      headers: {
        cookie: who.filer.cookie,
        'x-csrf-token': who.filer.csrfToken,
        'content-type': 'application/json',
      },
      payload: `{"version":${reloaded.version},"values":{"monthly":{"2090":1e999}}}`,
    });
    expect(infinite.statusCode).toBe(400);
    expect(infinite.json<Problem>().invalidParams[0]!.name).toBe('values.monthly.2090');
    expect((await getAs(t.app, who.filer, filingUrl(task.id))).json().values.monthly['2010']).toBe(5e9);
  });

  it('never approves in bulk a filing holding 1e308, stored before the bound existed', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-04' });
    const other = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山界限另一家有限公司' });
    const absurd = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId,
      status: 'submitted',
      values: withCells({ '2010': 1e308, '2090': 1e308 }),
      userId: filerUserId,
    });
    const clean = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: other.id,
      status: 'submitted',
      values: cleanMonthlyValues(8),
      userId: filerUserId,
    });
    const response = await sendAs(t.app, who.county, 'POST', '/api/admin/review/bulk-approve', {
      filingIds: [absurd.id, clean.id],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      approved: [clean.id],
      skipped: [
        {
          filingId: absurd.id,
          enterpriseName: '南山界限测试有限公司',
          reason: '有审核错误或警告，请逐份审核',
        },
      ],
    });
    const stored = await t.ctx.db
      .selectFrom('filings')
      .select('status')
      .where('id', '=', absurd.id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('submitted');
    const review = await getAs(t.app, who.county, `/api/admin/review/filings/${absurd.id}`);
    expect(
      review
        .json<{ findings: Array<{ ruleId: string }> }>()
        .findings.filter((f) => f.ruleId === 'E-MON-RANGE'),
    ).toHaveLength(2);
  });

  it('reads an implausible number from an uploaded template for the audit, and refuses one beyond the ceiling', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-05' });
    const template = await getAs(t.app, who.filer, `/api/enterprise/tasks/${task.id}/template.xlsx`);
    expect(template.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('软统企6表')!;
    const upload = async (value: number) => {
      for (let row = 6; row <= sheet.rowCount; row += 1) {
        if (sheet.getCell(row, 2).value === '2010') sheet.getCell(row, 4).value = value;
      }
      return sendAs(t.app, who.filer, 'POST', `/api/enterprise/tasks/${task.id}/filing/import`, {
        fileName: '填报模板.xlsx',
        contentBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64'),
      });
    };
    const implausible = await upload(5e9);
    expect(implausible.statusCode).toBe(200);
    expect(implausible.json().findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain(
      'E-MON-RANGE',
    );
    const absurd = await upload(1e308);
    expect(absurd.statusCode).toBe(400);
    expect(absurd.json<Problem>().invalidParams).toEqual([
      {
        name: '软统企6表!D7',
        reason: '2010 主营业务收入超出可保存的范围：绝对值不能超过1,000,000,000,000,000，文件中是1e+308',
      },
    ]);
  });

  it('does not take a zero-width space or other invisible characters as a 审核说明', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-06' });
    const values = withCells({ '2110': 999_999 });
    const unexplained = await submit(task.id, values);
    expect(unexplained.statusCode).toBe(400);
    const key = unexplained.json<Problem>().invalidParams[0]!.name.replace(/^explanations\./, '');
    expect(key).toBe('W-MON-01:monthly.2110+monthly.2020');
    for (const invisible of ['\u200B', '\u200B\u200C\u200D', ' \u3000\uFEFF\u00AD\u2060 ', '\u0001\u202E']) {
      const refused = await submit(task.id, values, { [key]: invisible });
      expect(refused.statusCode, JSON.stringify(invisible)).toBe(400);
      expect(refused.json<Problem>().detail).toBe('严重警告必须填写审核说明：还有1条严重警告没有说明');
      expect(refused.json<Problem>().invalidParams).toEqual([
        {
          name: `explanations.${key}`,
          reason: expect.stringMatching(/^请填写有实际内容的审核说明：.*研发经费/),
        },
      ]);
    }
    expect(await statusOf(task.id)).toBe('not_started');
    const explained = await submit(task.id, values, { [key]: '\u200B本年集中投入新产品研发' });
    expect(explained.statusCode).toBe(200);
    expect(explained.json().status).toBe('submitted');
  });
});
