import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiler, createTask } from '../test/factories.ts';
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

/**
 * Issue 17, finding 5 and item 4: reminders existed only as rows and SMS. The enterprise reads them in the app with
 * an unread count; a reminder names the task, the deadline and who sent it; the administrator learns per
 * enterprise whether an SMS went out; an enterprise that has not taken up a 省/市 task is invited to apply.
 */
describe.each(databaseKinds)('reminders in the enterprise app on %s', (kind) => {
  let t: TestApp;
  let county: SignedIn;
  const publicBaseUrl = 'https://zhibao.example.gov.cn';

  beforeAll(async () => {
    t = await createTestApp(kind, { publicBaseUrl });
    const admin = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    county = await signIn(t.app, admin.username, admin.password);
  });
  afterAll(() => t.close());

  it('shows a reminder naming the task, deadline and sender, counted unread until read', async () => {
    const task = await createTask(t.ctx.db, {
      period: '2027-03',
      name: '[部级]2027年3月软件业月报',
      closesAt: new Date('2027-04-10T10:00:00Z'),
    });
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '南山消息软件有限公司',
    });
    const filer = await createFiler(t.ctx.db, enterprise);
    const silent = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山无手机软件有限公司' });

    const reminded = await sendAs(t.app, county, 'POST', '/api/admin/completeness/reminders', {
      taskId: task.id,
      enterpriseIds: [enterprise.id, silent.id],
      message: '月底前请务必上报',
    });
    expect(reminded.statusCode).toBe(200);
    expect(reminded.json().recipients).toEqual(
      expect.arrayContaining([
        { enterpriseId: enterprise.id, name: '南山消息软件有限公司', kind: 'file', smsRecipients: 1 },
        { enterpriseId: silent.id, name: '南山无手机软件有限公司', kind: 'file', smsRecipients: 0 },
      ]),
    );
    expect(reminded.json().sms.queued).toBe(1);
    await drainOutbox(t.ctx);

    const me = await signIn(t.app, filer.username, filer.password);
    const board = (await getAs(t.app, me, '/api/enterprise/notices')).json();
    expect(board.unreadCount).toBe(1);
    const [notice] = board.items;
    expect(notice).toMatchObject({ kind: 'reminder', title: '催报：2027年03月报表尚未上报', isRead: false });
    expect(notice.body).toContain('南山区区县管理员');
    expect(notice.body).toContain('[部级]2027年3月软件业月报');
    expect(notice.body).toContain('2027年04月10日 18:00');
    expect(notice.body).toContain('附言：月底前请务必上报');

    // In the English interface the system's title is English; the administrator's words stay as written.
    const inEnglish = await t.app.inject({
      method: 'GET',
      url: '/api/enterprise/notices',
      headers: { cookie: me.cookie, 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(inEnglish.json().items[0].title).toBe('Reminder: the Mar 2027 filing has not been submitted');
    // The body too (issue 16): the sender, the deadline and the label in English; names and words as written.
    expect(inEnglish.json().items[0].body).toBe(
      'Reminder from the 南山区 county administrator: please complete and submit “[部级]2027年3月软件业月报” ' +
        '(Mar 2027) before 2027-04-10 18:00 (China time).\nNote: 月底前请务必上报',
    );

    const read = await sendAs(t.app, me, 'POST', `/api/enterprise/notices/${notice.id}/read`);
    expect(read.statusCode).toBe(204);
    expect((await getAs(t.app, me, '/api/enterprise/notices')).json()).toMatchObject({
      unreadCount: 0,
      items: [expect.objectContaining({ id: notice.id, isRead: true })],
    });
  });

  it('marks every notice read at once, and only the enterprise’s own', async () => {
    const task = await createTask(t.ctx.db, { period: '2027-04' });
    const mine = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山全部已读有限公司' });
    const other = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山他人未读有限公司' });
    const filer = await createFiler(t.ctx.db, mine);
    const otherFiler = await createFiler(t.ctx.db, other);
    for (let round = 0; round < 2; round += 1) {
      await sendAs(t.app, county, 'POST', '/api/admin/completeness/reminders', {
        taskId: task.id,
        enterpriseIds: [mine.id, other.id],
      });
    }
    await drainOutbox(t.ctx);
    const me = await signIn(t.app, filer.username, filer.password);
    expect((await getAs(t.app, me, '/api/enterprise/notices')).json().unreadCount).toBe(2);
    expect((await sendAs(t.app, me, 'POST', '/api/enterprise/notices/read-all')).statusCode).toBe(204);
    expect((await getAs(t.app, me, '/api/enterprise/notices')).json().unreadCount).toBe(0);
    const them = await signIn(t.app, otherFiler.username, otherFiler.password);
    expect((await getAs(t.app, them, '/api/enterprise/notices')).json().unreadCount).toBe(2);
  });

  it('invites an enterprise to apply for a provincial task instead of reminding it to file', async () => {
    const province = await createAdmin(t.ctx.db, { adminLevel: 'province', regionCode: '440000' });
    const guangdong = await signIn(t.app, province.username, province.password);
    const task = await createTask(t.ctx.db, {
      period: '2027-05',
      name: '[省级]2027年5月广东软件业快报',
      ownerRegionCode: '440000',
      ownerLevel: 'province',
    });
    const invited = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '南山待申请软件有限公司',
    });
    const invitedFiler = await createFiler(t.ctx.db, invited);
    // An in-scope enterprise's application is approved at once: it is reminded to file, not invited again.
    const applied = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '南山已申请软件有限公司',
    });
    const appliedFiler = await createFiler(t.ctx.db, applied);
    const applicant = await signIn(t.app, appliedFiler.username, appliedFiler.password);
    const application = await sendAs(t.app, applicant, 'POST', '/api/enterprise/task-applications', {
      taskId: task.id,
    });
    expect(application.json().status).toBe('approved');
    // A refused application is the administrators' decision: no invitation presses the enterprise again.
    const refused = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山被拒软件有限公司' });
    await t.ctx.db
      .insertInto('task_applications')
      .values({
        task_id: task.id,
        enterprise_id: refused.id,
        status: 'refused',
        applied_by: (await t.ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow()).id,
        applied_at: new Date(),
      })
      .execute();

    const reminded = await sendAs(t.app, guangdong, 'POST', '/api/admin/completeness/reminders', {
      taskId: task.id,
      enterpriseIds: [invited.id, applied.id, refused.id],
    });
    expect(reminded.statusCode).toBe(200);
    expect(reminded.json().recipients).toEqual(
      expect.arrayContaining([
        { enterpriseId: invited.id, name: '南山待申请软件有限公司', kind: 'apply', smsRecipients: 1 },
        { enterpriseId: applied.id, name: '南山已申请软件有限公司', kind: 'file', smsRecipients: 1 },
      ]),
    );
    expect(reminded.json().recipients).toHaveLength(2);
    expect(reminded.json().skipped).toEqual([
      { enterpriseId: refused.id, name: '南山被拒软件有限公司', reason: 'application-refused' },
    ]);
    await drainOutbox(t.ctx);
    const sms = await t.app.inject({ url: `/api/dev/sms-outbox?username=${invitedFiler.username}&limit=1` });
    expect(sms.json().items[0].text).toBe(
      `【直报】您有2027年05月统计任务可申请填报，收到邀请，请登录 ${publicBaseUrl}/enterprise/task-applications 提交申请。`,
    );

    const me = await signIn(t.app, invitedFiler.username, invitedFiler.password);
    const [notice] = (await getAs(t.app, me, '/api/enterprise/notices')).json().items;
    expect(notice).toMatchObject({ kind: 'application-invitation', filingId: null, taskId: task.id });
    expect(notice.title).toBe('邀请申请：2027年05月[省级]2027年5月广东软件业快报');
    expect(notice.body).toContain('填报任务申请');
  });
});
