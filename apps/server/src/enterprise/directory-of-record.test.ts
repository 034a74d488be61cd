import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createTask } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { directoryWorkbookBase64, testUscc } from '../test/directory-workbook.ts';

const day = 86_400_000;

describe.each(databaseKinds)('the directory of record on %s', (kind) => {
  let t: TestApp;
  let futian: SignedIn;
  let guangdong: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const ft = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440304' });
    const gd = await createAdmin(t.ctx.db, { adminLevel: 'province', regionCode: '440000' });
    futian = await signIn(t.app, ft.username, ft.password);
    guangdong = await signIn(t.app, gd.username, gd.password);
  });
  afterAll(() => t.close());

  const completeness = async (taskId: string) =>
    (await getAs(t.app, futian, `/api/admin/completeness?taskId=${taskId}`)).json();

  async function preview(admin: SignedIn, rows: unknown[][]) {
    const response = await sendAs(t.app, admin, 'POST', '/api/admin/enterprises/import', {
      fileName: '名录.xlsx',
      contentBase64: await directoryWorkbookBase64(rows),
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  }
  const confirm = (admin: SignedIn, previewId: string, body: object = {}) =>
    sendAs(t.app, admin, 'POST', `/api/admin/enterprises/import/${previewId}/confirm`, body);

  it('keeps closed monthly tasks as they were when two new in-scope enterprises are imported (finding 2)', async () => {
    await createEnterprise(t.ctx.db, { regionCode: '440304', name: '福田老牌软件有限公司' });
    const closed = await createTask(t.ctx.db, {
      period: '2031-01',
      opensAt: new Date(Date.now() - 40 * day),
      closesAt: new Date(Date.now() - 20 * day),
    });
    const open = await createTask(t.ctx.db, { period: '2031-02' });
    const before = await completeness(closed.id);
    const openBefore = await completeness(open.id);

    const rows = [
      [
        testUscc('440304', 'MA5DQR01'),
        '福田新增甲软件有限公司',
        '440304',
        '甲',
        '6513',
        3000,
        2500,
        '',
        '否',
        '2',
        '是',
        '否',
      ],
      [
        testUscc('440304', 'MA5DQR02'),
        '福田新增乙软件有限公司',
        '440304',
        '乙',
        '6513',
        2800,
        2000,
        '',
        '否',
        '2',
        '是',
        '否',
      ],
    ];
    const first = await preview(futian, rows);
    expect(first.counts).toMatchObject({ new: 2, refused: 0 });
    expect((await confirm(futian, first.previewId)).json()).toMatchObject({
      created: 2,
      joinedObligations: 0,
    });

    const after = await completeness(closed.id);
    expect(after.totals).toEqual(before.totals);
    expect(after.enterprises.map((row: { name: string }) => row.name)).toEqual(
      before.enterprises.map((row: { name: string }) => row.name),
    );
    // Nor does an open task change by itself: the new enterprises join it only by a recorded decision.
    expect((await completeness(open.id)).totals.expected).toBe(openBefore.totals.expected);

    const third = await preview(futian, [
      [
        testUscc('440304', 'MA5DQR03'),
        '福田新增丙软件有限公司',
        '440304',
        '丙',
        '6513',
        2600,
        2000,
        '',
        '否',
        '2',
        '是',
        '否',
      ],
    ]);
    const joined = (await confirm(futian, third.previewId, { joinOpenTasks: true })).json();
    expect(joined.joinedObligations).toBeGreaterThanOrEqual(1);
    expect((await completeness(open.id)).totals.expected).toBe(openBefore.totals.expected + 1);
    expect((await completeness(closed.id)).totals).toEqual(before.totals);
    const decision = await t.ctx.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'enterprise.join_open_tasks')
      .execute();
    expect(decision.some((row) => (row.details as { taskIds: string[] }).taskIds.includes(open.id))).toBe(
      true,
    );
    expect(decision.some((row) => (row.details as { taskIds: string[] }).taskIds.includes(closed.id))).toBe(
      false,
    );
  });

  it('adds an enterprise listed after publication to the open tasks only on 加入本期应报', async () => {
    const open = await createTask(t.ctx.db, { period: '2031-03' });
    const created = await sendAs(t.app, futian, 'POST', '/api/admin/enterprises', {
      uscc: testUscc('440304', 'MA5DQR04'),
      name: '福田后来软件有限公司',
      regionCode: '440304',
      legalRepresentative: '丁',
      industryCode: '6513',
      mainRevenue: 5000,
      softwareRevenue: 4000,
      isKeyEnterprise: true,
    });
    const id = created.json().id as string;
    const names = async () =>
      (await completeness(open.id)).enterprises.map((row: { name: string }) => row.name) as string[];
    expect(await names()).not.toContain('福田后来软件有限公司');
    const joinable = (await getAs(t.app, futian, `/api/admin/enterprises/${id}/joinable-tasks`)).json();
    expect(joinable.tasks.map((task: { taskId: string }) => task.taskId)).toContain(open.id);
    const joined = await sendAs(t.app, futian, 'POST', `/api/admin/enterprises/${id}/join-open-tasks`, {});
    expect(joined.statusCode).toBe(200);
    expect(joined.json().tasks).toEqual([]);
    expect(await names()).toContain('福田后来软件有限公司');
  });

  it('keeps 纳统 when only the 法定代表人 of an enterprise without revenue figures is edited (finding 1)', async () => {
    const annual = await createTask(t.ctx.db, { periodType: 'year', period: '2031' });
    const row = await createEnterprise(t.ctx.db, { regionCode: '440304', name: '福田重点软件有限公司' });
    const expected = (await completeness(annual.id)).totals.expected;
    const detail = (await getAs(t.app, futian, `/api/admin/enterprises/${row.id}`)).json();
    expect(detail.isInScope).toBe(true);
    const edited = await sendAs(t.app, futian, 'PUT', `/api/admin/enterprises/${row.id}`, {
      ...detail,
      legalRepresentative: '新法人',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ isInScope: true, legalRepresentative: '新法人' });
    expect(edited.json().scopeReason).toContain('没有主营业务收入');
    const listed = (
      await getAs(t.app, futian, `/api/admin/enterprises?keyword=${encodeURIComponent('福田重点')}`)
    ).json();
    expect(listed.items[0].isInScope).toBe(true);
    expect((await completeness(annual.id)).totals.expected).toBe(expected);
  });

  it('previews an import that changes only the 法定代表人 of a 重点企业 without touching 纳统, and names a 纳统 change (finding 1)', async () => {
    const key = await createEnterprise(t.ctx.db, { regionCode: '440304', name: '福田导入重点软件有限公司' });
    const shown = await preview(futian, [
      [key.uscc, '福田导入重点软件有限公司', '440304', '换人', '6513', '', '', '', '否', '', '是', '否'],
    ]);
    expect(shown.rows[0]).toMatchObject({
      kind: 'updated',
      scopeChange: null,
      changes: [{ field: 'legalRepresentative', label: '法定代表人', from: '测试', to: '换人' }],
    });
    await confirm(futian, shown.previewId);
    const detail = (await getAs(t.app, futian, `/api/admin/enterprises/${key.id}`)).json();
    expect(detail).toMatchObject({ isInScope: true, isKeyEnterprise: true, legalRepresentative: '换人' });

    const shrinking = await preview(futian, [
      [key.uscc, '福田导入重点软件有限公司', '440304', '换人', '6513', 800, 300, '', '否', '', '是', '否'],
    ]);
    expect(shrinking.counts.scopeChanged).toBe(1);
    expect(shrinking.rows[0].scopeChange).toMatchObject({ from: true, to: false });
    expect(shrinking.rows[0].scopeChange.reason).toContain('主营业务收入800万元');
    // Nothing changes until confirmation.
    expect((await getAs(t.app, futian, `/api/admin/enterprises/${key.id}`)).json().isInScope).toBe(true);
  });

  it('refuses a confirmation when the directory changed after the preview, and applies nothing', async () => {
    const listed = await createEnterprise(t.ctx.db, { regionCode: '440304', name: '福田并发软件有限公司' });
    const newcomer = testUscc('440304', 'MA5DQR05');
    const shown = await preview(futian, [
      [listed.uscc, '福田并发软件有限公司', '440304', '甲乙', '6513', '', '', '', '否', '', '是', '否'],
      [newcomer, '福田并发新增软件有限公司', '440304', '丙丁', '6513', 3000, 2000, '', '否', '', '是', '否'],
    ]);
    const detail = (await getAs(t.app, futian, `/api/admin/enterprises/${listed.id}`)).json();
    await sendAs(t.app, futian, 'PUT', `/api/admin/enterprises/${listed.id}`, {
      ...detail,
      name: '福田并发软件股份有限公司',
    });
    const refused = await confirm(futian, shown.previewId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'DIRECTORY_CHANGED' });
    expect(refused.json().detail).toContain('第2行');
    const found = await getAs(
      t.app,
      futian,
      `/api/admin/enterprises?keyword=${encodeURIComponent('福田并发新增')}`,
    );
    expect(found.json().items).toEqual([]);
  });

  it('records a manual 纳统 decision with its reason in the audit trail', async () => {
    const row = await createEnterprise(t.ctx.db, { regionCode: '440304', name: '福田调整软件有限公司' });
    const detail = (await getAs(t.app, futian, `/api/admin/enterprises/${row.id}`)).json();
    const overridden = await sendAs(t.app, futian, 'PUT', `/api/admin/enterprises/${row.id}`, {
      ...detail,
      scopeOverride: false,
      scopeOverrideReason: '已迁出本市',
    });
    expect(overridden.json()).toMatchObject({ isInScope: false, scopeReason: '管理员调整：已迁出本市' });
    const trail = await t.ctx.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'enterprise.scope_override')
      .where('subject_id', '=', row.id)
      .execute();
    expect(trail.map((entry) => entry.details)).toEqual([
      { from: true, to: false, reason: '已迁出本市', withdrawn: false },
    ]);
  });

  it('refuses an industry code outside the survey list and a software revenue above the main revenue, naming each field', async () => {
    const response = await sendAs(t.app, futian, 'POST', '/api/admin/enterprises', {
      uscc: testUscc('440304', 'MA5DQR06'),
      name: '福田代码软件有限公司',
      regionCode: '440304',
      legalRepresentative: '戊',
      industryCode: '9999',
      mainRevenue: 1000,
      softwareRevenue: 1200,
    });
    expect(response.statusCode).toBe(400);
    const params = response.json().invalidParams as Array<{ name: string; reason: string }>;
    expect(params.find((param) => param.name === 'industryCode')?.reason).toMatch(
      /^行业代码 9999 不在调查制度的行业代码表中/,
    );
    expect(params).toContainEqual({ name: 'softwareRevenue', reason: '软件业务收入不能大于主营业务收入' });
  });

  it('offers the form only the divisions of the administrator and the survey industry codes', async () => {
    const divisions = (await getAs(t.app, futian, '/api/admin/enterprises/divisions')).json().divisions;
    expect(divisions).toEqual([{ code: '440304', name: '福田区', parentCode: '440300', level: 'county' }]);
    const province = (await getAs(t.app, guangdong, '/api/admin/enterprises/divisions')).json().divisions;
    expect(province.map((division: { code: string }) => division.code)).toContain('440305');
    expect(province.every((division: { code: string }) => division.code.startsWith('44'))).toBe(true);
  });

  it("decides 纳统 by the thresholds of the province's notice", async () => {
    const body = (subject: string) => ({
      uscc: testUscc('440304', subject),
      name: `福田门槛软件有限公司${subject}`,
      regionCode: '440304',
      legalRepresentative: '己',
      industryCode: '6513',
      mainRevenue: 1500,
      softwareRevenue: 600,
    });
    const byEdition = await sendAs(t.app, futian, 'POST', '/api/admin/enterprises', body('MA5DQR07'));
    expect(byEdition.json()).toMatchObject({ isInScope: false });
    expect(byEdition.json().scopeReason).toContain('2000万元');

    expect(
      (
        await sendAs(t.app, futian, 'PUT', '/api/admin/enterprises/scope-settings', {
          scopeThresholdsId: '2020',
        })
      ).statusCode,
    ).toBe(403);
    const chosen = await sendAs(t.app, guangdong, 'PUT', '/api/admin/enterprises/scope-settings', {
      scopeThresholdsId: '2020',
    });
    expect(chosen.json()).toMatchObject({ activeId: '2020', isChosen: true });
    const byNotice = await sendAs(t.app, futian, 'POST', '/api/admin/enterprises', body('MA5DQR08'));
    expect(byNotice.json()).toMatchObject({ isInScope: true });
    expect(byNotice.json().scopeReason).toContain('1000万元');
    await sendAs(t.app, guangdong, 'PUT', '/api/admin/enterprises/scope-settings', {
      scopeThresholdsId: '2021',
    });
  });
});
