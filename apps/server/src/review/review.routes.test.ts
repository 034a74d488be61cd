import { createSampleFiling, explanationKey, getEdition, type Finding } from '@zhibao/survey';
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
import {
  createTestApp,
  drainOutbox,
  getAs,
  sendAs,
  signInEach,
  type SignedIn,
  type TestApp,
} from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { sampleMonthlyValues } from '../test/sample-values.ts';

// April's values.
const sample = (seed: number): CellValues => sampleMonthlyValues(seed, 1, 3);

describe.each(databaseKinds)('review of filings on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  let who: Record<'nanshan' | 'shenzhen' | 'guangdong' | 'yubei' | 'filer', SignedIn>;
  let filerUserId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db, { period: '2026-03' })).id;
    const nanshan = await createEnterprise(db, { regionCode: '440305', name: '南山审核测试软件有限公司' });
    const accounts = {
      nanshan: await createAdmin(db, { adminLevel: 'county', regionCode: '440305' }),
      shenzhen: await createAdmin(db, { adminLevel: 'city', regionCode: '440300' }),
      guangdong: await createAdmin(db, { adminLevel: 'province', regionCode: '440000' }),
      yubei: await createAdmin(db, { adminLevel: 'county', regionCode: '500112' }),
      filer: await createFiler(db, nanshan),
    };
    filerUserId = await userIdOf(db, accounts.filer.username);
    who = await signInEach(t.app, accounts);
  });
  afterAll(() => t.close());

  async function submittedFiling(regionCode: string, name: string, values = sample(7)) {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode, name });
    const filing = await createFiling(t.ctx.db, {
      taskId,
      enterpriseId: enterprise.id,
      status: 'submitted',
      pendingLevel: 'county',
      values,
      userId: filerUserId,
    });
    return { enterprise, filingId: filing.id };
  }

  const queueNames = async (as: SignedIn, query = '') => {
    const response = await getAs(t.app, as, `/api/admin/review/queue?taskId=${taskId}${query}`);
    expect(response.statusCode).toBe(200);
    return response
      .json<{ items: Array<{ enterpriseName: string }> }>()
      .items.map((item) => item.enterpriseName);
  };

  it('shows each county only the filings of its own region waiting for it, and hides the others alike', async () => {
    const { filingId } = await submittedFiling('440305', '南山队列软件有限公司');
    await submittedFiling('500112', '渝北队列软件有限公司');
    expect(await queueNames(who.nanshan)).toContain('南山队列软件有限公司');
    expect(await queueNames(who.nanshan)).not.toContain('渝北队列软件有限公司');
    expect(await queueNames(who.yubei)).toEqual(['渝北队列软件有限公司']);
    expect(await queueNames(who.shenzhen)).toEqual([]);

    const opened = await getAs(t.app, who.yubei, `/api/admin/review/filings/${filingId}`);
    expect(opened.statusCode).toBe(404);
    const approved = await sendAs(
      t.app,
      who.yubei,
      'POST',
      `/api/admin/review/filings/${filingId}/approve`,
      {},
    );
    expect(approved.statusCode).toBe(404);
    expect(approved.json().detail).toBe('报表不存在或无权访问');
    const missing = await getAs(
      t.app,
      who.yubei,
      `/api/admin/review/filings/00000000-0000-4000-8000-000000000000`,
    );
    expect(missing.json().detail).toBe(opened.json().detail);
  });

  it('returns a filing with a reason on a cell, which reaches the enterprise as a notice', async () => {
    const { filingId } = await submittedFiling('440305', '南山退回软件有限公司');
    const badCell = await sendAs(t.app, who.nanshan, 'POST', `/api/admin/review/filings/${filingId}/return`, {
      reason: '数据有误',
      cellComments: [{ formId: 'monthly', key: '9999', comment: '不存在' }],
    });
    expect(badCell.statusCode).toBe(400);
    expect(badCell.json().invalidParams[0]).toEqual({
      name: 'cellComments.0',
      reason: '报表中没有单元格 monthly.9999',
    });

    const returned = await sendAs(
      t.app,
      who.nanshan,
      'POST',
      `/api/admin/review/filings/${filingId}/return`,
      {
        reason: '主营业务收入与上月差异过大',
        cellComments: [{ formId: 'monthly', key: '2010', comment: '请核实本月主营业务收入' }],
      },
    );
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', pendingLevel: null, delegatedTo: null });

    const detail = (await getAs(t.app, who.nanshan, `/api/admin/review/filings/${filingId}`)).json();
    expect(detail.canReview).toBe(false);
    expect(detail.reviews.at(-1)).toMatchObject({
      action: 'return',
      level: 'county',
      reason: '主营业务收入与上月差异过大',
      cellComments: [{ formId: 'monthly', key: '2010', comment: '请核实本月主营业务收入' }],
    });
    expect(detail.history.map((event: { action: string }) => event.action)).toContain('filing.return');

    // The filer of 南山审核测试 has no notice; the notice goes to the returned enterprise's own filers.
    const enterpriseId = detail.enterprise.id;
    await drainOutbox(t.ctx);
    const notices = await t.ctx.db
      .selectFrom('notices')
      .selectAll()
      .where('enterprise_id', '=', enterpriseId)
      .execute();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe('2026年03月报表被区县退回');
    expect(notices[0]!.body).toContain('2010 主营业务收入：请核实本月主营业务收入');

    const again = await sendAs(
      t.app,
      who.nanshan,
      'POST',
      `/api/admin/review/filings/${filingId}/approve`,
      {},
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('报表已退回，不能审核');
  });

  it('passes a filing up the chain level by level, and refuses a level out of turn', async () => {
    const { filingId } = await submittedFiling('440305', '南山逐级软件有限公司');
    const early = await sendAs(
      t.app,
      who.shenzhen,
      'POST',
      `/api/admin/review/filings/${filingId}/approve`,
      {},
    );
    expect(early.json().detail).toBe('报表已上报至区县，不在本级审核');

    const county = await sendAs(
      t.app,
      who.nanshan,
      'POST',
      `/api/admin/review/filings/${filingId}/approve`,
      {},
    );
    expect(county.json()).toMatchObject({ status: 'submitted', pendingLevel: 'city' });
    expect(await queueNames(who.shenzhen)).toContain('南山逐级软件有限公司');
    const city = await sendAs(
      t.app,
      who.shenzhen,
      'POST',
      `/api/admin/review/filings/${filingId}/approve`,
      {},
    );
    expect(city.json()).toMatchObject({ status: 'submitted', pendingLevel: 'province' });
    expect(await queueNames(who.guangdong)).toContain('南山逐级软件有限公司');
  });

  it('refuses approval while an explanation is rejected', async () => {
    const { filingId } = await submittedFiling('440305', '南山说明软件有限公司');
    const response = await sendAs(
      t.app,
      who.nanshan,
      'POST',
      `/api/admin/review/filings/${filingId}/approve`,
      {
        explanationVerdicts: { 'W-1': 'rejected' },
      },
    );
    expect(response.statusCode).toBe(409);
    expect(response.json().invalidParams).toEqual([
      { name: 'explanationVerdicts.W-1', reason: '说明未被接受' },
    ]);
  });

  it("shows the reviewer the enterprise's 审核说明 on the warning it explains", async () => {
    const values = createSampleFiling(getEdition(), {
      periodType: 'month',
      seed: 11,
      scale: 1,
      monthIndex: 3,
      withIssues: ['warning'],
    }) as CellValues;
    const { filingId } = await submittedFiling('440305', '南山说明软件有限公司', values);
    type Findings = {
      findings: Array<Pick<Finding, 'ruleId' | 'severity' | 'cells'> & { explanation: string | null }>;
    };
    const before = await getAs(t.app, who.nanshan, `/api/admin/review/filings/${filingId}`);
    const warning = before.json<Findings>().findings.find((finding) => finding.severity === 'warning');
    if (!warning) throw new Error('the sample filing carries no warning');
    expect(warning.explanation).toBeNull();

    await t.ctx.db
      .updateTable('filings')
      .set({ explanations: JSON.stringify({ [explanationKey(warning)]: '本月签订大额合同，情况属实' }) })
      .where('id', '=', filingId)
      .execute();
    const after = await getAs(t.app, who.nanshan, `/api/admin/review/filings/${filingId}`);
    const explained = after
      .json<Findings>()
      .findings.find((finding) => explanationKey(finding) === explanationKey(warning));
    expect(explained?.explanation).toBe('本月签订大额合同，情况属实');
  });

  it('approves clean filings in bulk and names the ones that need a closer look', async () => {
    const clean = await submittedFiling('440305', '南山批量甲软件有限公司');
    const values = sample(9);
    values.monthly = { ...values.monthly, '2021': -5 };
    const dirty = await submittedFiling('440305', '南山批量乙软件有限公司', values);
    const foreign = await submittedFiling('500112', '渝北批量软件有限公司');
    const response = await sendAs(t.app, who.nanshan, 'POST', '/api/admin/review/bulk-approve', {
      filingIds: [clean.filingId, dirty.filingId, foreign.filingId],
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.approved).toEqual([clean.filingId]);
    expect(body.skipped).toEqual([
      {
        filingId: dirty.filingId,
        enterpriseName: '南山批量乙软件有限公司',
        reason: '有审核错误或警告，请逐份审核',
      },
      { filingId: foreign.filingId, enterpriseName: null, reason: '报表不存在或无权访问' },
    ]);
  });

  it('flags identical values across enterprises as possible 代报, without blocking', async () => {
    const values = sample(31);
    await submittedFiling('440305', '南山同值甲软件有限公司', values);
    await submittedFiling('440305', '南山同值乙软件有限公司', values);
    const items = (
      await getAs(t.app, who.nanshan, `/api/admin/review/queue?taskId=${taskId}&keyword=同值`)
    ).json().items as Array<{ enterpriseName: string; integritySignals: string[] }>;
    expect(items).toHaveLength(2);
    expect(items.find((item) => item.enterpriseName === '南山同值甲软件有限公司')!.integritySignals).toEqual([
      '与南山同值乙软件有限公司填报的数值完全相同，请核实是否代报',
    ]);
  });

  it('lets a county pass its region up only when every obligation is approved or excused, and the city return the pass-up alone', async () => {
    // Changed by issue 17: a pass-up used to need only an empty queue (returned filings counted as done), and
    // 退回地区 used to send every filing waiting at the city back down.
    const pending = await sendAs(t.app, who.nanshan, 'POST', '/api/admin/review/region-submissions', {
      taskId,
    });
    expect(pending.statusCode).toBe(409);
    expect(pending.json().code).toBe('PASS_UP_INCOMPLETE');
    expect(pending.json().detail).toMatch(/^南山区还有\d+家企业的报表未审核通过也未免报：/);
    const missing = pending.json().invalidParams as Array<{ name: string }>;
    expect(missing.length).toBeGreaterThan(0);

    for (const { name } of missing) {
      const excused = await sendAs(t.app, who.nanshan, 'POST', '/api/admin/review/excusals', {
        taskId,
        enterpriseId: name.replace('enterprises.', ''),
        reason: 'closed',
      });
      expect(excused.statusCode).toBe(200);
    }
    const submitted = await sendAs(t.app, who.nanshan, 'POST', '/api/admin/review/region-submissions', {
      taskId,
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ regionCode: '440305', level: 'county', status: 'submitted' });

    const cityView = (
      await getAs(t.app, who.shenzhen, `/api/admin/review/region-submissions?taskId=${taskId}`)
    ).json();
    const child = cityView.children.find((row: { regionCode: string }) => row.regionCode === '440305');
    expect(child).toMatchObject({ status: 'submitted', regionName: '南山区' });
    expect(child.snapshot.figures.excused).toBe(missing.length);
    expect(
      (await getAs(t.app, who.yubei, `/api/admin/review/region-submissions?taskId=${taskId}`)).json()
        .children,
    ).toEqual([]);

    const denied = await sendAs(
      t.app,
      who.yubei,
      'POST',
      `/api/admin/review/region-submissions/${child.id}/return`,
      {
        reason: '不是你的',
      },
    );
    expect(denied.statusCode).toBe(404);

    const waitingAtCity = cityView.waitingHere as number;
    const returned = await sendAs(
      t.app,
      who.shenzhen,
      'POST',
      `/api/admin/review/region-submissions/${child.id}/return`,
      {
        reason: '南山区数据需复核',
      },
    );
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '南山区数据需复核' });
    const after = (
      await getAs(t.app, who.shenzhen, `/api/admin/review/region-submissions?taskId=${taskId}`)
    ).json();
    expect(after.waitingHere).toBe(waitingAtCity);
  });
});
