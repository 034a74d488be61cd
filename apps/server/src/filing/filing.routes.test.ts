import { createSampleFiling, getEdition } from '@zhibao/survey';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

type Values = Record<string, Record<string, number | string | null>>;

function sendAs(app: FastifyInstance, who: SignedIn, method: 'POST' | 'PUT', url: string, payload: unknown) {
  return app.inject({
    method,
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    payload: payload as object,
  });
}

/** A month's values without findings, from the survey's own sample generator. */
function cleanMonthlyValues(seed = 7): Values {
  return createSampleFiling(getEdition(), { periodType: 'month', seed, scale: 1, monthIndex: 10 }) as Values;
}

describe.each(databaseKinds)('enterprise filing on %s', (kind) => {
  let t: TestApp;
  let enterprise: { id: string; region_code: string };
  let filer: SignedIn;
  let colleague: SignedIn;
  let stranger: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山填报测试有限公司' });
    const other = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山另一家有限公司' });
    const account = await createFiler(t.ctx.db, enterprise);
    const colleagueAccount = await createFiler(t.ctx.db, enterprise);
    const strangerAccount = await createFiler(t.ctx.db, other);
    filer = await signIn(t.app, account.username, account.password);
    colleague = await signIn(t.app, colleagueAccount.username, colleagueAccount.password);
    stranger = await signIn(t.app, strangerAccount.username, strangerAccount.password);
  });
  afterAll(() => t.close());

  const filingUrl = (taskId: string) => `/api/enterprise/tasks/${taskId}/filing`;

  it('saves a draft whatever its errors, restores it on reload, and reports the findings', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-03' });
    const values = cleanMonthlyValues();
    values.monthly!['2010'] = 1;
    const saved = await sendAs(t.app, filer, 'PUT', filingUrl(task.id), { version: null, values });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 1, status: 'draft', pendingLevel: null });
    expect(saved.json().findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain('E-MON-01');

    const reloaded = (await getAs(t.app, filer, filingUrl(task.id))).json();
    expect(reloaded.values.monthly['2010']).toBe(1);
    expect(reloaded.version).toBe(1);
    expect(reloaded.status).toBe('draft');
    expect(reloaded.canEdit).toBe(true);
  });

  it('refuses a second filer who saves over a newer version, naming who saved, and keeps the first save', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-04' });
    const first = await sendAs(t.app, filer, 'PUT', filingUrl(task.id), {
      version: null,
      values: { monthly: { '2010': 100 } },
    });
    expect(first.statusCode).toBe(200);
    const stale = await sendAs(t.app, colleague, 'PUT', filingUrl(task.id), {
      version: null,
      values: { monthly: { '2010': 200 } },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toMatch(/^该报表已被本企业的填报员\d+于.*修改，您的修改尚未保存/);
    expect(stale.json().invalidParams[0].name).toBe('version');
    const current = (await getAs(t.app, colleague, filingUrl(task.id))).json();
    expect(current.values.monthly['2010']).toBe(100);
    // Overwriting deliberately, with the version just loaded, works.
    const overwrite = await sendAs(t.app, colleague, 'PUT', filingUrl(task.id), {
      version: current.version,
      values: { monthly: { '2010': 200 } },
    });
    expect(overwrite.json().version).toBe(2);
  });

  it('names an unknown or computed cell instead of saving it', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-05' });
    const response = await sendAs(t.app, filer, 'PUT', filingUrl(task.id), {
      version: null,
      values: { monthly: { '2020': 5, '2010': 'abc' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().invalidParams).toHaveLength(2);
    expect(response.json().invalidParams).toEqual(
      expect.arrayContaining([
        { name: 'monthly.2020', reason: '不是本表可填报的单元格(自动计算项不能填报)' },
        { name: 'monthly.2010', reason: '主营业务收入应填写数字' },
      ]),
    );
  });

  it('blocks 上报 on a 必改错误, demands 审核说明 for each 严重警告, then freezes the submission', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-06' });
    const values = cleanMonthlyValues();
    values.monthly!['2010'] = 1;
    const blocked = await sendAs(t.app, filer, 'POST', `${filingUrl(task.id)}/submit`, {
      version: null,
      values,
      explanations: {},
    });
    expect(blocked.statusCode).toBe(400);
    expect(blocked.json().detail).toBe('报表有1条必改错误，不能上报；请按审核结果修改后再上报');
    expect(blocked.json().invalidParams).toEqual([
      { name: 'monthly.2020', reason: expect.stringContaining('不能大于主营业务收入1万元') },
    ]);
    expect((await getAs(t.app, filer, filingUrl(task.id))).json().status).toBe('not_started');

    const fixed = cleanMonthlyValues();
    fixed.monthly!['2110'] = 999_999;
    const unexplained = await sendAs(t.app, filer, 'POST', `${filingUrl(task.id)}/submit`, {
      version: null,
      values: fixed,
      explanations: {},
    });
    expect(unexplained.statusCode).toBe(400);
    expect(unexplained.json().detail).toMatch(/^严重警告必须填写审核说明/);
    const warningKey = unexplained.json().invalidParams[0].name.replace(/^explanations\./, '');
    expect(warningKey).toBe('W-MON-01:monthly.2110+monthly.2020');

    const submitted = await sendAs(t.app, filer, 'POST', `${filingUrl(task.id)}/submit`, {
      version: null,
      values: fixed,
      explanations: { [warningKey]: '本年集中投入新产品研发，经费来自股东增资' },
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({
      status: 'submitted',
      pendingLevel: 'county',
      canEdit: false,
      canCancelSubmission: true,
    });

    const filingId = submitted.json().filingId as string;
    const revisions = await t.ctx.db
      .selectFrom('filing_revisions')
      .selectAll()
      .where('filing_id', '=', filingId)
      .execute();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]!.cell_values).toMatchObject({ monthly: { '2110': 999_999 } });
    expect(revisions[0]!.explanations).toEqual({ [warningKey]: '本年集中投入新产品研发，经费来自股东增资' });
    const events = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'request_id', 'details'])
      .where('subject_id', '=', filingId)
      .execute();
    expect(events.map((event) => event.action)).toEqual(['filing.submit']);
    expect(events[0]!.request_id).toBeTruthy();

    const edit = await sendAs(t.app, filer, 'PUT', filingUrl(task.id), {
      version: submitted.json().version,
      values: fixed,
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().detail).toBe('报表已上报至区县，不能修改；如需修改，请先取消上报');
  });

  it('lets the filer cancel a submission nobody has reviewed, and edit and submit again', async () => {
    const task = await createTask(t.ctx.db, { period: '2025-07' });
    const values = cleanMonthlyValues();
    const first = await sendAs(t.app, filer, 'POST', `${filingUrl(task.id)}/submit`, {
      version: null,
      values,
      explanations: {},
    });
    expect(first.json()).toMatchObject({ status: 'submitted', pendingLevel: 'county' });
    const cancelled = await sendAs(t.app, filer, 'POST', `${filingUrl(task.id)}/cancel-submission`, {
      version: first.json().version,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'draft', pendingLevel: null, canEdit: true });
    values.monthly!['2010'] = (values.monthly!['2010'] as number) + 10;
    const again = await sendAs(t.app, filer, 'POST', `${filingUrl(task.id)}/submit`, {
      version: cancelled.json().version,
      values,
      explanations: {},
    });
    expect(again.json().status).toBe('submitted');
    const revisions = await t.ctx.db
      .selectFrom('filing_revisions')
      .select('revision_no')
      .where('filing_id', '=', again.json().filingId)
      .orderBy('revision_no')
      .execute();
    expect(revisions.map((revision) => revision.revision_no)).toEqual([1, 2]);
    const actions = await t.ctx.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', again.json().filingId)
      .orderBy('created_at')
      .execute();
    expect(actions.map((event) => event.action)).toEqual([
      'filing.submit',
      'filing.cancel-submission',
      'filing.submit',
    ]);
  });

  it('refuses 取消上报 once a reviewer has acted', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-08' });
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: enterprise.id,
      status: 'submitted',
      pendingLevel: 'city',
    });
    const response = await sendAs(t.app, filer, 'POST', `${filingUrl(task.id)}/cancel-submission`, {
      version: filing.version,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe('审核人员已处理该报表，不能取消上报；如需修改，请联系审核人员退回');
  });

  it('locks a filing once the ministry, the last level of its chain, approves it', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-11' });
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: enterprise.id,
      status: 'submitted',
      pendingLevel: 'ministry',
      values: cleanMonthlyValues(5),
    });
    const ministryAccount = await createAdmin(t.ctx.db, { adminLevel: 'ministry', regionCode: '000000' });
    const ministry = await signIn(t.app, ministryAccount.username, ministryAccount.password);
    const approved = await sendAs(t.app, ministry, 'POST', `/api/admin/review/filings/${filing.id}/approve`, {
      explanationVerdicts: {},
    });
    expect(approved.statusCode).toBe(200);

    const view = (await getAs(t.app, filer, filingUrl(task.id))).json();
    expect(view).toMatchObject({ status: 'approved', canEdit: false });
    const save = await sendAs(t.app, filer, 'PUT', filingUrl(task.id), {
      version: view.version,
      values: cleanMonthlyValues(6),
    });
    expect(save.statusCode).toBe(409);
    expect(save.json().detail).toBe('报表已审核通过并锁定，不能修改');
    const submit = await sendAs(t.app, filer, 'POST', `${filingUrl(task.id)}/submit`, {
      version: view.version,
      values: view.values,
      explanations: {},
    });
    expect(submit.statusCode).toBe(409);
    // 上报 saves first, so the lock answers with the save's reason.
    expect(submit.json().detail).toBe('报表已审核通过并锁定，不能修改');
    const cancel = await sendAs(t.app, filer, 'POST', `${filingUrl(task.id)}/cancel-submission`, {
      version: view.version,
    });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().detail).toBe('报表已审核通过并锁定，不能取消上报');
    const stored = await t.ctx.db
      .selectFrom('filings')
      .select(['status', 'version'])
      .where('id', '=', filing.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'approved', version: view.version });
  });

  it('refuses editing and submitting after the deadline, saying since when, unless extended', async () => {
    const closed = await createTask(t.ctx.db, {
      period: '2026-01',
      opensAt: new Date('2026-02-01T00:00:00+08:00'),
      closesAt: new Date('2026-02-15T18:00:00+08:00'),
    });
    const save = await sendAs(t.app, filer, 'PUT', filingUrl(closed.id), {
      version: null,
      values: cleanMonthlyValues(),
    });
    expect(save.statusCode).toBe(403);
    expect(save.json().detail).toMatch(/^填报期已于2026年02月15日18:00截止，不能修改或上报/);
    const view = (await getAs(t.app, filer, filingUrl(closed.id))).json();
    expect(view.canEdit).toBe(false);
    expect(view.editRefusal).toMatch(/^填报期已于2026年02月15日18:00截止/);

    const extendedTask = await createTask(t.ctx.db, {
      period: '2026-02',
      opensAt: new Date('2026-03-01T00:00:00+08:00'),
      closesAt: new Date('2026-03-15T18:00:00+08:00'),
    });
    const filing = await createFiling(t.ctx.db, {
      taskId: extendedTask.id,
      enterpriseId: enterprise.id,
      status: 'draft',
      deadlineExtendedUntil: new Date(Date.now() + 86_400_000),
    });
    const extended = await sendAs(t.app, filer, 'POST', `${filingUrl(extendedTask.id)}/submit`, {
      version: filing.version,
      values: cleanMonthlyValues(),
      explanations: {},
    });
    expect(extended.statusCode).toBe(200);
    expect(extended.json().status).toBe('submitted');
  });

  it('answers "not found" alike for another enterprise’s task and for a task that does not exist', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-09' });
    await sendAs(t.app, filer, 'PUT', filingUrl(task.id), { version: null, values: cleanMonthlyValues() });
    const ownFiling = (await getAs(t.app, filer, filingUrl(task.id))).json();
    const theirs = await getAs(t.app, stranger, `/api/enterprise/filings/${ownFiling.filingId}`);
    const missing = await getAs(
      t.app,
      stranger,
      '/api/enterprise/filings/00000000-0000-4000-8000-000000000000',
    );
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().detail).toBe(missing.json().detail);
  });

  it('shows the reviewer’s reasons on a returned filing, per cell', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-10' });
    const reviewer = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: enterprise.id,
      status: 'returned',
      values: cleanMonthlyValues(),
    });
    await t.ctx.db
      .insertInto('filing_reviews')
      .values({
        filing_id: filing.id,
        level: 'county',
        action: 'return',
        reason: '研发经费与去年差异较大，请核实',
        cell_comments: JSON.stringify([{ formId: 'monthly', key: '2110', comment: '请核实研发经费' }]),
        actor_user_id: await userIdOf(t.ctx.db, reviewer.username),
      })
      .execute();
    const view = (await getAs(t.app, filer, filingUrl(task.id))).json();
    expect(view.status).toBe('returned');
    expect(view.canEdit).toBe(true);
    expect(view.returnReview).toMatchObject({
      level: 'county',
      reason: '研发经费与去年差异较大，请核实',
      cellComments: [{ formId: 'monthly', key: '2110', comment: '请核实研发经费' }],
    });
  });

  it('draws the enterprise’s own trend from its filed monthly reports, computed cells derived', async () => {
    const own = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const account = await createFiler(t.ctx.db, own);
    const userId = await userIdOf(t.ctx.db, account.username);
    const who = await signIn(t.app, account.username, account.password);
    const months = ['2024-01', '2024-02'];
    for (const [index, period] of months.entries()) {
      const task = await createTask(t.ctx.db, { period });
      const values = cleanMonthlyValues(index + 3);
      await createFiling(t.ctx.db, {
        taskId: task.id,
        enterpriseId: own.id,
        status: 'approved',
        values,
        userId,
      });
    }
    await createFiling(t.ctx.db, {
      taskId: (await createTask(t.ctx.db, { period: '2024-03' })).id,
      enterpriseId: own.id,
      status: 'draft',
      values: cleanMonthlyValues(9),
    });
    const trend = (await getAs(t.app, who, '/api/enterprise/filing-trend')).json().items;
    expect(trend.map((point: { periodLabel: string }) => point.periodLabel)).toEqual([
      '2024年01月',
      '2024年02月',
    ]);
    const january = cleanMonthlyValues(3).monthly!;
    const softwareRevenue =
      Number(january['2021']) +
      Number(january['2022']) +
      Number(january['2023']) +
      Number(january['20241']) * 0.25;
    expect(trend[0].softwareRevenue).toBeCloseTo(softwareRevenue, 2);
    expect(trend[0].headcount).toBe(january['2112']);
  });
});
