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

describe.each(databaseKinds)('任务申请审批 on %s', (kind) => {
  let t: TestApp;
  let filer: SignedIn;
  let secondFiler: SignedIn;
  let nanshan: SignedIn;
  let shenzhen: SignedIn;
  let futian: SignedIn;
  let yubei: SignedIn;
  let task: { id: string; name: string };
  let enterpriseId: string;

  async function applyAs(who: SignedIn): Promise<string> {
    const applied = await sendAs(t.app, who, 'POST', '/api/enterprise/task-applications', {
      taskId: task.id,
    });
    expect(applied.json().status).toBe('pending');
    const pending = await getAs(t.app, nanshan, '/api/admin/task-applications?status=pending');
    const ids = pending.json().items.map((item: { id: string }) => item.id) as string[];
    return ids.at(-1)!;
  }

  const taskNames = async (who: SignedIn) =>
    (await getAs(t.app, who, '/api/enterprise/tasks'))
      .json()
      .items.map((item: { taskName: string }) => item.taskName);

  beforeAll(async () => {
    t = await createTestApp(kind);
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', isInScope: false });
    const second = await createEnterprise(t.ctx.db, { regionCode: '440305', isInScope: false });
    enterpriseId = enterprise.id;
    const a = await createFiler(t.ctx.db, enterprise);
    const b = await createFiler(t.ctx.db, second);
    filer = await signIn(t.app, a.username, a.password);
    secondFiler = await signIn(t.app, b.username, b.password);
    const admin = async (adminLevel: 'county' | 'city', regionCode: string) => {
      const account = await createAdmin(t.ctx.db, { adminLevel, regionCode });
      return signIn(t.app, account.username, account.password);
    };
    nanshan = await admin('county', '440305');
    shenzhen = await admin('city', '440300');
    futian = await admin('county', '440304');
    yubei = await admin('county', '500112');
    task = await createTask(t.ctx.db, {
      name: '[省级]2026年11月广东省软件和信息技术服务业月报',
      period: '2026-11',
      ownerRegionCode: '440000',
      ownerLevel: 'province',
    });
  });
  afterAll(() => t.close());

  it('lets the district approve, after which the task appears in 我的填报任务 and the enterprise is told', async () => {
    const applicationId = await applyAs(filer);
    const listed = (await getAs(t.app, nanshan, '/api/admin/task-applications')).json().items;
    expect(listed).toEqual([
      expect.objectContaining({
        id: applicationId,
        taskName: task.name,
        periodLabel: '2026年11月',
        status: 'pending',
      }),
    ]);
    expect((await getAs(t.app, yubei, '/api/admin/task-applications')).json().items).toEqual([]);
    expect(await taskNames(filer)).not.toContain(task.name);

    const approved = await sendAs(
      t.app,
      nanshan,
      'POST',
      `/api/admin/task-applications/${applicationId}/approve`,
    );
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decisionNote: null });
    expect(await taskNames(filer)).toContain(task.name);
    expect((await getAs(t.app, nanshan, '/api/admin/task-applications')).json().items).toEqual([]);

    await drainOutbox(t.ctx);
    const notices = (await getAs(t.app, filer, '/api/enterprise/notices')).json().items;
    expect(notices[0]).toMatchObject({ kind: 'task-application-decided', title: '2026年11月任务申请已通过' });
    const audit = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'request_id'])
      .where('subject_id', '=', applicationId)
      .where('action', '=', 'task-application.approve')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.request_id).toBeTruthy();

    const twice = await sendAs(
      t.app,
      nanshan,
      'POST',
      `/api/admin/task-applications/${applicationId}/approve`,
    );
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toBe('该申请已审批（已通过），不能再次审批');
    const refusedLater = await sendAs(
      t.app,
      nanshan,
      'POST',
      `/api/admin/task-applications/${applicationId}/refuse`,
      {
        reason: '不在本区',
      },
    );
    expect(refusedLater.statusCode).toBe(409);
  });

  it('refuses only with a reason, and tells the enterprise why', async () => {
    const applicationId = await applyAs(secondFiler);
    const url = `/api/admin/task-applications/${applicationId}/refuse`;
    const withoutReason = await sendAs(t.app, nanshan, 'POST', url, {});
    expect(withoutReason.statusCode).toBe(400);
    expect(withoutReason.json().invalidParams).toEqual([{ name: 'reason', reason: '请填写不通过的原因' }]);
    const blankReason = await sendAs(t.app, nanshan, 'POST', url, { reason: '   ' });
    expect(blankReason.json().invalidParams).toEqual([{ name: 'reason', reason: '请填写不通过的原因' }]);

    const refused = await sendAs(t.app, nanshan, 'POST', url, { reason: '企业不属于本行业' });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'refused', decisionNote: '企业不属于本行业' });
    expect(await taskNames(secondFiler)).not.toContain(task.name);
    const offered = (await getAs(t.app, secondFiler, '/api/enterprise/task-applications')).json().items;
    expect(offered).toEqual([
      expect.objectContaining({ taskId: task.id, status: 'refused', decisionNote: '企业不属于本行业' }),
    ]);
    await drainOutbox(t.ctx);
    const notices = (await getAs(t.app, secondFiler, '/api/enterprise/notices')).json().items;
    expect(notices[0].body).toContain('原因：企业不属于本行业');
    const refusedList = (await getAs(t.app, nanshan, '/api/admin/task-applications?status=refused')).json();
    expect(refusedList.items.map((item: { id: string }) => item.id)).toEqual([applicationId]);
  });

  it('answers 404 to an administrator of another region, and leaves the decision to the district', async () => {
    await t.ctx.db.deleteFrom('notices').where('enterprise_id', '=', enterpriseId).execute();
    await t.ctx.db.deleteFrom('task_applications').where('enterprise_id', '=', enterpriseId).execute();
    const applicationId = await applyAs(filer);
    for (const outsider of [futian, yubei]) {
      const approve = await sendAs(
        t.app,
        outsider,
        'POST',
        `/api/admin/task-applications/${applicationId}/approve`,
      );
      expect(approve.statusCode).toBe(404);
      expect(approve.json().detail).toBe('任务申请不存在或无权访问');
      const refuse = await sendAs(
        t.app,
        outsider,
        'POST',
        `/api/admin/task-applications/${applicationId}/refuse`,
        {
          reason: '不予通过',
        },
      );
      expect(refuse.statusCode).toBe(404);
    }
    const city = await sendAs(
      t.app,
      shenzhen,
      'POST',
      `/api/admin/task-applications/${applicationId}/approve`,
    );
    expect(city.statusCode).toBe(403);
    expect((await getAs(t.app, shenzhen, '/api/admin/task-applications')).json().items).toHaveLength(1);
    const enterpriseSide = await sendAs(
      t.app,
      filer,
      'POST',
      `/api/admin/task-applications/${applicationId}/approve`,
    );
    expect(enterpriseSide.statusCode).toBe(403);
    const stillPending = await t.ctx.db
      .selectFrom('task_applications')
      .select('status')
      .where('id', '=', applicationId)
      .executeTakeFirstOrThrow();
    expect(stillPending.status).toBe('pending');
  });
});
