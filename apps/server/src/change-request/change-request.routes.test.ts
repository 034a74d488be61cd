import { createSampleFiling, getEdition } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  signIn,
  type SignedIn,
  type TestApp,
} from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

type Values = Record<string, Record<string, number | string | null>>;

/** A month's values without findings, from the survey's own sample generator. */
function cleanMonthlyValues(): Values {
  return createSampleFiling(getEdition(), {
    periodType: 'month',
    seed: 11,
    scale: 1,
    monthIndex: 10,
  }) as Values;
}

interface HistoryItem {
  kind: 'status' | 'value';
  action: string;
  actorName: string | null;
  ip: string | null;
  statusFrom: { status: string; pendingLevel: string | null } | null;
  statusTo: { status: string; pendingLevel: string | null } | null;
  reason: string | null;
  cell: { formId: string; key: string; label: string; name: string } | null;
  before: number | string | null;
  after: number | string | null;
}

describe.each(databaseKinds)('change requests and filing history on %s', (kind) => {
  let t: TestApp;
  let enterprise: { id: string; region_code: string; name: string };
  let filerUsername: string;
  let filer: SignedIn;
  let filerUserId: string;
  let stranger: SignedIn;
  let ministry: SignedIn;
  let province: SignedIn;
  let chongqing: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山更正测试有限公司' });
    const other = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山旁观有限公司' });
    const account = await createFiler(t.ctx.db, enterprise);
    filerUsername = account.username;
    filerUserId = await userIdOf(t.ctx.db, account.username);
    const strangerAccount = await createFiler(t.ctx.db, other);
    filer = await signIn(t.app, account.username, account.password);
    stranger = await signIn(t.app, strangerAccount.username, strangerAccount.password);
    const signInAdmin = async (adminLevel: 'ministry' | 'province' | 'city', regionCode: string) => {
      const admin = await createAdmin(t.ctx.db, { adminLevel, regionCode });
      return signIn(t.app, admin.username, admin.password);
    };
    ministry = await signInAdmin('ministry', '000000');
    province = await signInAdmin('province', '440000');
    chongqing = await signInAdmin('city', '500000');
  });
  afterAll(() => t.close());

  /** A filing the ministry accepted: locked, with its submission frozen as revision 1. */
  async function lockedFiling(options: { closesAt?: Date } = {}) {
    const values = cleanMonthlyValues();
    const task = await createTask(t.ctx.db, {
      ...(options.closesAt
        ? { closesAt: options.closesAt, opensAt: new Date(options.closesAt.getTime() - 30 * 86_400_000) }
        : {}),
    });
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: enterprise.id,
      userId: filerUserId,
      status: 'approved',
      values,
    });
    return { task, filing, values };
  }

  const apply = (who: SignedIn, filingId: string, reason: string) =>
    sendAs(t.app, who, 'POST', `/api/enterprise/filings/${filingId}/change-requests`, { reason });

  async function history(who: SignedIn, filingId: string): Promise<{ items: HistoryItem[]; total: number }> {
    const response = await getAs(t.app, who, `/api/filings/${filingId}/history?pageSize=200`);
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  it('reopens a locked filing when the accepting ministry grants the change, and keeps every changed cell', async () => {
    const { task, filing, values } = await lockedFiling();

    const locked = await sendAs(t.app, filer, 'PUT', `/api/enterprise/tasks/${task.id}/filing`, {
      version: filing.version,
      values,
    });
    expect(locked.json().detail).toBe('报表已审核通过并锁定，不能修改');

    const tooShort = await apply(filer, filing.id, '数据错');
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().invalidParams[0]).toMatchObject({ name: 'reason' });
    expect((await apply(stranger, filing.id, '不是本企业的报表，不能申请')).statusCode).toBe(404);

    const applied = await apply(filer, filing.id, '主营业务收入少填了一笔合同收入');
    expect(applied.statusCode).toBe(201);
    expect(applied.json()).toMatchObject({ status: 'pending', decidingLevel: 'ministry', canDecide: false });
    const again = await apply(filer, filing.id, '再申请一次同样的更正');
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('该报表已有待处理的更正申请，请等待审核');
    const own = (await getAs(t.app, filer, `/api/filings/${filing.id}/change-requests`)).json();
    expect(own).toMatchObject({ canApply: false, items: [{ status: 'pending' }] });

    // The ministry decides; the province sees the request read-only; 重庆 does not see it at all.
    const ministryList = (await getAs(t.app, ministry, '/api/admin/change-requests')).json();
    expect(ministryList.pendingForMe).toBeGreaterThanOrEqual(1);
    expect(ministryList.items.find((item: { id: string }) => item.id === applied.json().id)).toMatchObject({
      enterpriseName: '南山更正测试有限公司',
      reason: '主营业务收入少填了一笔合同收入',
      canDecide: true,
    });
    const provinceList = (await getAs(t.app, province, '/api/admin/change-requests')).json();
    expect(provinceList.pendingForMe).toBe(0);
    expect(provinceList.items.find((item: { id: string }) => item.id === applied.json().id).canDecide).toBe(
      false,
    );
    const chongqingList = (await getAs(t.app, chongqing, '/api/admin/change-requests')).json();
    expect(chongqingList.items).toEqual([]);

    const grantUrl = `/api/admin/change-requests/${applied.json().id}/grant`;
    const byProvince = await sendAs(t.app, province, 'POST', grantUrl, {});
    expect(byProvince.statusCode).toBe(403);
    expect(byProvince.json().detail).toBe('更正申请由终审的部级管理员处理，本级仅可查看');
    expect((await sendAs(t.app, chongqing, 'POST', grantUrl, {})).statusCode).toBe(404);
    expect((await sendAs(t.app, filer, 'POST', grantUrl, {})).statusCode).toBe(403);

    const granted = await sendAs(t.app, ministry, 'POST', grantUrl, { note: '请核对后重新上报' });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ status: 'granted', decisionNote: '请核对后重新上报' });
    expect((await sendAs(t.app, ministry, 'POST', grantUrl, {})).statusCode).toBe(409);

    await drainOutbox(t.ctx);
    const notices = (await getAs(t.app, filer, '/api/enterprise/notices')).json().items;
    expect(notices[0]).toMatchObject({ kind: 'change-request-decided', filingId: filing.id });
    expect(notices[0].title).toContain('更正申请已同意');
    const sms = (await t.app.inject({ url: `/api/dev/sms-outbox?username=${filerUsername}&limit=1` })).json();
    expect(sms.items[0].text).toContain('更正申请已同意');

    // The enterprise edits a cell and submits through the whole chain again.
    const reopened = (await getAs(t.app, filer, `/api/enterprise/tasks/${task.id}/filing`)).json();
    expect(reopened).toMatchObject({ status: 'returned', pendingLevel: null, canEdit: true });
    expect(reopened.returnReview.reason).toContain('已同意更正申请');
    const oldRevenue = values.monthly!['2010'] as number;
    const changed: Values = { ...values, monthly: { ...values.monthly, '2010': oldRevenue + 10 } };
    const saved = await sendAs(t.app, filer, 'PUT', `/api/enterprise/tasks/${task.id}/filing`, {
      version: reopened.version,
      values: changed,
    });
    expect(saved.statusCode).toBe(200);

    const timeline = await history(filer, filing.id);
    const valueChanges = timeline.items.filter((item) => item.kind === 'value');
    expect(valueChanges).toHaveLength(1);
    expect(valueChanges[0]).toMatchObject({
      action: 'filing.save',
      cell: { formId: 'monthly', key: '2010', label: '2010', name: '主营业务收入' },
      before: oldRevenue,
      after: oldRevenue + 10,
      ip: '127.0.0.1',
    });
    expect(valueChanges[0]!.actorName).toMatch(/^填报员/);
    expect(timeline.items.filter((item) => item.kind === 'status').map((item) => item.action)).toEqual([
      'change-request.grant',
      'change-request.apply',
    ]);
    expect(timeline.items.find((item) => item.action === 'change-request.grant')).toMatchObject({
      statusFrom: { status: 'approved', pendingLevel: null },
      statusTo: { status: 'returned', pendingLevel: null },
      reason: '请核对后重新上报',
    });

    const submitted = await sendAs(t.app, filer, 'POST', `/api/enterprise/tasks/${task.id}/filing/submit`, {
      version: saved.json().version,
      values: changed,
      explanations: {},
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', pendingLevel: 'county' });
    const compared = await getAs(t.app, province, `/api/filings/${filing.id}/revisions/compare?from=1&to=2`);
    expect(compared.statusCode).toBe(200);
    const cells = compared.json().cells as Array<{ key: string; isChanged: boolean; difference: number }>;
    expect(cells.filter((cell) => cell.isChanged)).toEqual([
      expect.objectContaining({ key: '2010', before: oldRevenue, after: oldRevenue + 10, difference: 10 }),
    ]);
    expect(cells.length).toBeGreaterThan(10);
  });

  it('keeps a refused request locked, tells the enterprise why, and lets it apply again', async () => {
    const { task, filing } = await lockedFiling();
    const applied = (await apply(filer, filing.id, '从业人员数填错了，需要更正')).json();
    const refuseUrl = `/api/admin/change-requests/${applied.id}/refuse`;
    const withoutReason = await sendAs(t.app, ministry, 'POST', refuseUrl, { note: '' });
    expect(withoutReason.statusCode).toBe(400);
    expect(withoutReason.json().invalidParams[0]).toMatchObject({
      name: 'note',
      reason: '请填写不同意的理由',
    });
    const refused = await sendAs(t.app, ministry, 'POST', refuseUrl, { note: '该数据已用于月度发布' });
    expect(refused.json()).toMatchObject({ status: 'refused', decisionNote: '该数据已用于月度发布' });

    const view = (await getAs(t.app, filer, `/api/enterprise/tasks/${task.id}/filing`)).json();
    expect(view).toMatchObject({ status: 'approved', canEdit: false });
    await drainOutbox(t.ctx);
    const notices = (await getAs(t.app, filer, '/api/enterprise/notices')).json().items;
    expect(notices[0].body).toContain('理由：该数据已用于月度发布');
    const own = (await getAs(t.app, filer, `/api/filings/${filing.id}/change-requests`)).json();
    expect(own).toMatchObject({
      canApply: true,
      items: [{ status: 'refused', decisionNote: '该数据已用于月度发布' }],
    });
    expect((await apply(filer, filing.id, '补充了合同证明，再次申请更正')).statusCode).toBe(201);
  });

  it('lets a granted change be saved and submitted after the task window closed', async () => {
    const { task, filing, values } = await lockedFiling({ closesAt: new Date(Date.now() - 86_400_000) });
    const applied = (await apply(filer, filing.id, '窗口关闭后发现的差错')).json();
    await sendAs(t.app, ministry, 'POST', `/api/admin/change-requests/${applied.id}/grant`, {});
    const view = (await getAs(t.app, filer, `/api/enterprise/tasks/${task.id}/filing`)).json();
    expect(view.canEdit).toBe(true);
    expect(view.window.isExtended).toBe(true);
    const submitted = await sendAs(t.app, filer, 'POST', `/api/enterprise/tasks/${task.id}/filing/submit`, {
      version: view.version,
      values,
      explanations: {},
    });
    expect(submitted.statusCode).toBe(200);
  });

  it('reopens the review deadlines of each level for the resubmitted filing (not at once 逾期未审)', async () => {
    // An enterprise of its own: its filing has no other period to be compared with.
    const own = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山重开期限有限公司' });
    const account = await createFiler(t.ctx.db, own);
    const ownFiler = await signIn(t.app, account.username, account.password);
    const closesAt = new Date(Date.now() - 40 * 86_400_000);
    const task = await createTask(t.ctx.db, {
      closesAt,
      opensAt: new Date(closesAt.getTime() - 30 * 86_400_000),
    });
    const values = cleanMonthlyValues();
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: own.id,
      userId: await userIdOf(t.ctx.db, account.username),
      status: 'approved',
      values,
    });
    const applied = (await apply(ownFiler, filing.id, '年度审计调整')).json();
    await sendAs(t.app, ministry, 'POST', `/api/admin/change-requests/${applied.id}/grant`, {});
    const view = (await getAs(t.app, ownFiler, `/api/enterprise/tasks/${task.id}/filing`)).json();
    const resubmitted = await sendAs(
      t.app,
      ownFiler,
      'POST',
      `/api/enterprise/tasks/${task.id}/filing/submit`,
      {
        version: view.version,
        values,
        explanations: {},
      },
    );
    expect(resubmitted.json()).toMatchObject({ status: 'submitted', pendingLevel: 'county' });
    const county = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    const nanshan = await signIn(t.app, county.username, county.password);
    const detail = (await getAs(t.app, nanshan, `/api/admin/review/filings/${filing.id}`)).json();
    expect(detail.isReviewOverdue).toBe(false);
    expect(new Date(detail.reviewDeadline).getTime()).toBeGreaterThan(
      new Date(view.window.closesAt).getTime(),
    );
    const queue = (await getAs(t.app, nanshan, `/api/admin/review/queue?taskId=${task.id}`)).json();
    expect(queue.items).toEqual([expect.objectContaining({ filingId: filing.id, isReviewOverdue: false })]);
  });

  it('refuses a change request on a filing that is not locked', async () => {
    const task = await createTask(t.ctx.db);
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: enterprise.id,
      userId: filerUserId,
      status: 'submitted',
    });
    const response = await apply(filer, filing.id, '还在审核中就想更正');
    expect(response.statusCode).toBe(409);
  });

  it('shows the history to the enterprise and the administrators above it only, and drops it with a conflicting save', async () => {
    const task = await createTask(t.ctx.db);
    const url = `/api/enterprise/tasks/${task.id}/filing`;
    const first = await sendAs(t.app, filer, 'PUT', url, {
      version: null,
      values: { monthly: { '2010': 100 } },
    });
    const second = await sendAs(t.app, filer, 'PUT', url, {
      version: first.json().version,
      values: { monthly: { '2010': 150, '2112': 80 } },
    });
    expect(second.statusCode).toBe(200);
    const stale = await sendAs(t.app, filer, 'PUT', url, {
      version: first.json().version,
      values: { monthly: { '2010': 999 } },
    });
    expect(stale.statusCode).toBe(409);
    const filingId = (await getAs(t.app, filer, url)).json().filingId as string;

    const own = await history(filer, filingId);
    expect(
      own.items
        .filter((item) => item.kind === 'value')
        .map((item) => [item.cell!.key, item.before, item.after]),
    ).toEqual([
      ['2010', 100, 150],
      ['2112', null, 80],
      ['2010', null, 100],
    ]);
    expect(own.items.filter((item) => item.kind === 'status')).toEqual([
      expect.objectContaining({
        action: 'filing.save',
        statusFrom: { status: 'not_started', pendingLevel: null },
        statusTo: { status: 'draft', pendingLevel: null },
      }),
    ]);
    expect((await history(province, filingId)).total).toBe(own.total);
    const paged = (await getAs(t.app, filer, `/api/filings/${filingId}/history?page=2&pageSize=2`)).json();
    expect(paged).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    const firstPage = (
      await getAs(t.app, filer, `/api/filings/${filingId}/history?page=1&pageSize=2`)
    ).json();
    expect([...firstPage.items, ...paged.items]).toEqual(own.items);

    expect((await getAs(t.app, stranger, `/api/filings/${filingId}/history`)).statusCode).toBe(404);
    expect((await getAs(t.app, chongqing, `/api/filings/${filingId}/history`)).statusCode).toBe(404);
  });

  it('records the cells a 上报 changes with the 上报 itself, and nothing of a stale 上报', async () => {
    const task = await createTask(t.ctx.db);
    const url = `/api/enterprise/tasks/${task.id}/filing`;
    const values = cleanMonthlyValues();
    const saved = await sendAs(t.app, filer, 'PUT', url, { version: null, values });
    const revenue = values.monthly!['2010'] as number;
    const changed: Values = { ...values, monthly: { ...values.monthly, '2010': revenue + 5 } };
    const explanations = {};
    const submitted = await sendAs(t.app, filer, 'POST', `${url}/submit`, {
      version: saved.json().version,
      values: changed,
      explanations,
    });
    expect(submitted.statusCode).toBe(200);
    const stale = await sendAs(t.app, filer, 'POST', `${url}/submit`, {
      version: saved.json().version,
      values: { ...values, monthly: { ...values.monthly, '2010': revenue + 99 } },
      explanations,
    });
    expect(stale.statusCode).toBe(409);

    const timeline = await history(filer, submitted.json().filingId);
    const submittedCells = timeline.items.filter(
      (item) => item.kind === 'value' && item.action === 'filing.submit',
    );
    expect(submittedCells.map((item) => [item.cell!.key, item.before, item.after])).toEqual([
      ['2010', revenue, revenue + 5],
    ]);
    expect(timeline.items.filter((item) => item.kind === 'status').map((item) => item.statusTo)).toEqual([
      { status: 'submitted', pendingLevel: 'county' },
      { status: 'draft', pendingLevel: null },
    ]);
    const audit = await t.ctx.db
      .selectFrom('audit_events')
      .select(['details', 'ip_address'])
      .where('subject_id', '=', submitted.json().filingId)
      .where('action', '=', 'filing.submit')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ revisionNo: 1, to: 'submitted' }) }),
    ]);
  });
});
