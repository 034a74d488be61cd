import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createFiler, createFiling, createTask, userIdOf } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// The annual 企业基本情况表 opens with proposals from the directory, then from last year's filing, instead of
// empty (33 必改错误); a proposal only: nothing is written until the filer takes it.
describe.each(databaseKinds)('prefilled annual basic information on %s', (kind) => {
  let t: TestApp;
  let enterprise: { id: string; uscc: string; name: string; region_code: string };
  let filer: SignedIn;
  let taskId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山预填测试有限公司' });
    const account = await createFiler(t.ctx.db, enterprise);
    filer = await signIn(t.app, account.username, account.password);
    const lastYearTask = await createTask(t.ctx.db, { periodType: 'year', period: '2024' });
    await createFiling(t.ctx.db, {
      taskId: lastYearTask.id,
      enterpriseId: enterprise.id,
      userId: await userIdOf(t.ctx.db, account.username),
      status: 'approved',
      values: {
        basic: { B03: '南山预填测试旧名称有限公司', B06: '深圳市南山区科技园科苑路1号', B17: '王统计' },
      },
    });
    taskId = (await createTask(t.ctx.db, { periodType: 'year', period: '2025' })).id;
  });
  afterAll(() => t.close());

  const filingUrl = (id: string) => `/api/enterprise/tasks/${id}/filing`;
  const proposal = (prefill: Array<{ key: string }>, key: string) => prefill.find((cell) => cell.key === key);

  it('proposes the directory first, then last year, and writes nothing', async () => {
    const view = (await getAs(t.app, filer, filingUrl(taskId))).json();
    expect(proposal(view.prefill, 'B01')).toEqual({
      formId: 'basic',
      key: 'B01',
      value: enterprise.uscc,
      source: 'directory',
    });
    expect(proposal(view.prefill, 'B02')).toMatchObject({ value: enterprise.uscc.slice(8, 17) });
    // The directory's current name, not last year's.
    expect(proposal(view.prefill, 'B03')).toMatchObject({ value: enterprise.name, source: 'directory' });
    expect(proposal(view.prefill, 'B05')).toMatchObject({ value: '440305', source: 'directory' });
    expect(proposal(view.prefill, 'B06')).toMatchObject({
      value: '深圳市南山区科技园科苑路1号',
      source: 'last-year',
    });
    expect(proposal(view.prefill, 'B17')).toMatchObject({ value: '王统计', source: 'last-year' });
    expect(proposal(view.prefill, 'B20')).toBeUndefined();
    expect(view.values).toEqual({});
    const filings = await t.ctx.db.selectFrom('filings').select('id').where('task_id', '=', taskId).execute();
    expect(filings).toEqual([]);
  });

  it("never proposes over the filer's own value", async () => {
    const saved = await sendAs(t.app, filer, 'PUT', filingUrl(taskId), {
      version: null,
      values: { basic: { B06: '深圳市南山区粤海街道新地址2号' } },
    });
    expect(saved.statusCode).toBe(200);
    const view = (await getAs(t.app, filer, filingUrl(taskId))).json();
    expect(view.values.basic.B06).toBe('深圳市南山区粤海街道新地址2号');
    expect(proposal(view.prefill, 'B06')).toBeUndefined();
    expect(proposal(view.prefill, 'B01')).toMatchObject({ source: 'directory' });
  });

  it('proposes nothing on a monthly filing', async () => {
    const monthly = await createTask(t.ctx.db, { period: '2025-12' });
    expect((await getAs(t.app, filer, filingUrl(monthly.id))).json().prefill).toEqual([]);
  });
});
