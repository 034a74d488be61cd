import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createFiler, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

function postAs(app: FastifyInstance, who: SignedIn, url: string, payload: unknown) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    payload: payload as object,
  });
}

describe.each(databaseKinds)('填报任务申请 on %s', (kind) => {
  let t: TestApp;
  let inDirectory: SignedIn;
  let outOfScope: SignedIn;
  let provincialTask: { id: string; name: string };
  let otherProvinceTask: { id: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const listed = await createEnterprise(t.ctx.db, { regionCode: '440305', isKeyEnterprise: false });
    const unlisted = await createEnterprise(t.ctx.db, { regionCode: '440305', isInScope: false });
    const a = await createFiler(t.ctx.db, listed);
    const b = await createFiler(t.ctx.db, unlisted);
    inDirectory = await signIn(t.app, a.username, a.password);
    outOfScope = await signIn(t.app, b.username, b.password);
    provincialTask = await createTask(t.ctx.db, {
      name: '[省级]2026年10月广东省软件和信息技术服务业月报',
      period: '2026-10',
      ownerRegionCode: '440000',
      ownerLevel: 'province',
    });
    otherProvinceTask = await createTask(t.ctx.db, {
      name: '[市级]2026年10月重庆市软件和信息技术服务业月报',
      period: '2026-10',
      ownerRegionCode: '500000',
      ownerLevel: 'city',
    });
  });
  afterAll(() => t.close());

  const taskNames = async (who: SignedIn) =>
    (await getAs(t.app, who, '/api/enterprise/tasks'))
      .json()
      .items.map((task: { taskName: string }) => task.taskName);

  it('lists the open provincial and municipal tasks of the region as 未申请', async () => {
    const response = await getAs(t.app, inDirectory, '/api/enterprise/task-applications');
    expect(response.json().items).toEqual([
      expect.objectContaining({
        taskName: provincialTask.name,
        periodLabel: '2026年10月',
        status: 'not_applied',
      }),
    ]);
    expect(await taskNames(inDirectory)).not.toContain(provincialTask.name);
  });

  it('approves at once for an enterprise in the directory, and the task appears in 我的填报任务', async () => {
    const applied = await postAs(t.app, inDirectory, '/api/enterprise/task-applications', {
      taskId: provincialTask.id,
    });
    expect(applied.statusCode).toBe(200);
    expect(applied.json().status).toBe('approved');
    expect(await taskNames(inDirectory)).toContain(provincialTask.name);
    const again = await postAs(t.app, inDirectory, '/api/enterprise/task-applications', {
      taskId: provincialTask.id,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('已申请过该任务，请勿重复申请');
  });

  it('leaves the application of an enterprise outside the directory waiting for the district', async () => {
    const applied = await postAs(t.app, outOfScope, '/api/enterprise/task-applications', {
      taskId: provincialTask.id,
    });
    expect(applied.json().status).toBe('pending');
    expect(await taskNames(outOfScope)).not.toContain(provincialTask.name);
    const rows = await t.ctx.db.selectFrom('task_applications').select(['status']).execute();
    expect(rows.map((row) => row.status).sort()).toEqual(['approved', 'pending']);
  });

  it('does not offer another province’s task', async () => {
    const response = await postAs(t.app, inDirectory, '/api/enterprise/task-applications', {
      taskId: otherProvinceTask.id,
    });
    expect(response.statusCode).toBe(404);
  });
});
