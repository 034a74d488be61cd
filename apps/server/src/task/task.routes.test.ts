import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
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

describe.each(databaseKinds)('survey tasks, extensions and 催报 on %s', (kind) => {
  let t: TestApp;
  let ministry: SignedIn;
  let guangdong: SignedIn;
  let nanshan: SignedIn;
  let yubei: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const login = async (adminLevel: 'county' | 'province' | 'ministry', regionCode: string) => {
      const account = await createAdmin(db, { adminLevel, regionCode });
      return signIn(t.app, account.username, account.password);
    };
    ministry = await login('ministry', '000000');
    guangdong = await login('province', '440000');
    nanshan = await login('county', '440305');
    yubei = await login('county', '500112');
  });
  afterAll(() => t.close());

  it('publishes a task with its windows, and refuses a duplicate period and a county publisher', async () => {
    const task = {
      periodType: 'year',
      period: '2030',
      opensAt: '2031-01-15T00:00:00+08:00',
      closesAt: '2031-03-20T18:00:00+08:00',
      reviewDeadlines: { county: '2031-03-25T18:00:00+08:00', city: '2031-03-31T18:00:00+08:00' },
    };
    const created = await sendAs(t.app, ministry, 'POST', '/api/admin/tasks', task);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: '[部级]2030年软件和信息技术服务业年报',
      period: '2030',
      isOwn: true,
    });
    const duplicate = await sendAs(t.app, ministry, 'POST', '/api/admin/tasks', task);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().detail).toBe('本辖区2030年的任务已发布');
    const county = await sendAs(t.app, nanshan, 'POST', '/api/admin/tasks', task);
    expect(county.statusCode).toBe(403);
    const badDeadline = await sendAs(t.app, ministry, 'POST', '/api/admin/tasks', {
      ...task,
      period: '2031',
      reviewDeadlines: { county: '2031-03-01T00:00:00+08:00' },
    });
    expect(badDeadline.json().invalidParams[0].name).toBe('reviewDeadlines.county');
    const foreignScope = await sendAs(t.app, guangdong, 'POST', '/api/admin/tasks', {
      ...task,
      scopeRegionCodes: ['500112'],
    });
    expect(foreignScope.json().invalidParams).toEqual([
      { name: 'scopeRegionCodes.0', reason: '地区代码 500112 不存在或不在本辖区内' },
    ]);
  });

  it('generates the twelve monthly tasks of a year, keeping those already there', async () => {
    const first = await sendAs(t.app, guangdong, 'POST', '/api/admin/tasks/generate-monthly', { year: 2030 });
    expect(first.json().created).toHaveLength(12);
    const again = await sendAs(t.app, guangdong, 'POST', '/api/admin/tasks/generate-monthly', { year: 2030 });
    expect(again.json()).toEqual({ created: [], skipped: first.json().created });
    const tasks = (await getAs(t.app, nanshan, '/api/admin/tasks')).json().items as Array<{
      period: string;
      closesAt: string;
      ownerRegionName: string;
    }>;
    const december = tasks.find((task) => task.period === '2030-12' && task.ownerRegionName === '广东省')!;
    expect(december.closesAt).toBe('2031-01-15T10:00:00.000Z');
    expect(
      (await getAs(t.app, yubei, '/api/admin/tasks'))
        .json()
        .items.some((task: { ownerRegionName: string }) => task.ownerRegionName === '广东省'),
    ).toBe(false);
  });

  it('counts an extended enterprise as overdue only after its own deadline, and reminds the non-filers', async () => {
    const late = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山逾期软件有限公司' });
    const extended = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山延期软件有限公司' });
    const filed = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山按时软件有限公司' });
    await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '南山非重点公司',
      isKeyEnterprise: false,
    });
    // Published after the enterprises were listed: they are its 应报 of record.
    const closedTask = await createTask(t.ctx.db, {
      period: '2029-05',
      opensAt: new Date(Date.now() - 20 * 86_400_000),
      closesAt: new Date(Date.now() - 86_400_000),
    });
    await createFiling(t.ctx.db, {
      taskId: closedTask.id,
      enterpriseId: filed.id,
      status: 'submitted',
      pendingLevel: 'county',
      submittedAt: new Date(Date.now() - 2 * 86_400_000),
    });

    const foreign = await sendAs(t.app, yubei, 'POST', `/api/admin/tasks/${closedTask.id}/extensions`, {
      enterpriseId: extended.id,
      until: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      reason: '系统故障',
    });
    expect(foreign.statusCode).toBe(404);
    const tooEarly = await sendAs(t.app, nanshan, 'POST', `/api/admin/tasks/${closedTask.id}/extensions`, {
      enterpriseId: extended.id,
      until: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      reason: '系统故障',
    });
    expect(tooEarly.json().invalidParams[0]).toEqual({ name: 'until', reason: '应晚于任务的填报截止时间' });
    const granted = await sendAs(t.app, nanshan, 'POST', `/api/admin/tasks/${closedTask.id}/extensions`, {
      enterpriseId: extended.id,
      until: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      reason: '系统故障',
    });
    expect(granted.statusCode).toBe(200);

    const report = (await getAs(t.app, nanshan, `/api/admin/completeness?taskId=${closedTask.id}`)).json();
    expect(report.totals).toMatchObject({
      expected: 3,
      submitted: 1,
      notSubmitted: 2,
      overdue: 1,
      onTimeRate: 0,
    });
    const byName = Object.fromEntries(
      report.enterprises.map((row: { name: string; isOverdue: boolean; isExtended: boolean }) => [
        row.name,
        row,
      ]),
    );
    expect(byName['南山逾期软件有限公司']).toMatchObject({
      isOverdue: true,
      isExtended: false,
      status: 'not_started',
    });
    expect(byName['南山延期软件有限公司']).toMatchObject({ isOverdue: false, isExtended: true });
    expect(byName['南山非重点公司']).toBeUndefined();

    const city = await createAdmin(t.ctx.db, { adminLevel: 'city', regionCode: '440300' });
    const shenzhen = await signIn(t.app, city.username, city.password);
    const drill = (await getAs(t.app, shenzhen, `/api/admin/completeness?taskId=${closedTask.id}`)).json();
    expect(drill.children).toEqual([
      expect.objectContaining({ regionCode: '440305', regionName: '南山区', expected: 3, overdue: 1 }),
    ]);
    expect(
      (await getAs(t.app, yubei, `/api/admin/completeness?taskId=${closedTask.id}&regionCode=440305`))
        .statusCode,
    ).toBe(404);

    const reminded = await sendAs(t.app, nanshan, 'POST', '/api/admin/completeness/reminders', {
      taskId: closedTask.id,
    });
    expect(reminded.json().notified).toBe(2);
    await drainOutbox(t.ctx);
    const notices = await t.ctx.db
      .selectFrom('notices')
      .select(['enterprise_id', 'title'])
      .where('kind', '=', 'reminder')
      .execute();
    expect(notices.map((notice) => notice.enterprise_id).sort()).toEqual([late.id, extended.id].sort());
    expect(notices[0]!.title).toBe('催报：2029年05月报表尚未上报');
  });
});
