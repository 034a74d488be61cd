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
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// The enterprise is offered 填报 / 上报 / 取消上报 only where the transition table and the window allow them:
// after the district acted, 取消上报 is gone from the task list and from the filing screen alike.
describe.each(databaseKinds)('the actions offered to the enterprise on %s', (kind) => {
  let t: TestApp;
  let enterprise: { id: string; region_code: string };
  let filer: SignedIn;
  let filerId: string;
  let county: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const account = await createFiler(t.ctx.db, enterprise);
    filer = await signIn(t.app, account.username, account.password);
    filerId = await userIdOf(t.ctx.db, account.username);
    const countyAccount = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    county = await signIn(t.app, countyAccount.username, countyAccount.password);
  });
  afterAll(() => t.close());

  async function actionsOf(taskId: string) {
    const tasks = (await getAs(t.app, filer, '/api/enterprise/tasks')).json().items;
    const listed = tasks.find((task: { taskId: string }) => task.taskId === taskId);
    const view = (await getAs(t.app, filer, `/api/enterprise/tasks/${taskId}/filing`)).json();
    return { list: listed.allowedActions, view: view.allowedActions };
  }

  it('offers 取消上报 while the district has not acted, and not once it approved', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-05' });
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: enterprise.id,
      userId: filerId,
      status: 'submitted',
      pendingLevel: 'county',
      values: createSampleFiling(getEdition(), { periodType: 'month', seed: 3, scale: 1, monthIndex: 4 }),
    });
    expect(await actionsOf(task.id)).toEqual({ list: ['cancel-submission'], view: ['cancel-submission'] });

    const approved = await sendAs(t.app, county, 'POST', `/api/admin/review/filings/${filing.id}/approve`, {
      explanationVerdicts: {},
    });
    expect(approved.statusCode).toBe(200);
    expect(await actionsOf(task.id)).toEqual({ list: [], view: [] });
  });

  it('offers 填报 before any save, 填报 and 上报 on a draft, and nothing once the window closed', async () => {
    const open = await createTask(t.ctx.db, { period: '2026-06' });
    expect(await actionsOf(open.id)).toEqual({ list: ['save'], view: ['save'] });
    await createFiling(t.ctx.db, { taskId: open.id, enterpriseId: enterprise.id, status: 'draft' });
    expect(await actionsOf(open.id)).toEqual({ list: ['save', 'submit'], view: ['save', 'submit'] });

    const closed = await createTask(t.ctx.db, {
      period: '2026-02',
      opensAt: new Date(Date.now() - 30 * 86_400_000),
      closesAt: new Date(Date.now() - 86_400_000),
    });
    await createFiling(t.ctx.db, {
      taskId: closed.id,
      enterpriseId: enterprise.id,
      userId: filerId,
      status: 'submitted',
    });
    expect(await actionsOf(closed.id)).toEqual({ list: [], view: [] });
  });
});
