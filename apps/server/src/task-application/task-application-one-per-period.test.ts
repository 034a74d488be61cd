import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createFiler, createFiling, createTask, userIdOf } from '../test/factories.ts';
import { createTestApp, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// The 市级 and the 省级 monthly report of one month are the same form: an enterprise takes one of them.
describe.each(databaseKinds)('one 地方 task per enterprise and period on %s', (kind) => {
  let t: TestApp;
  let filer: SignedIn;
  let filerId: string;
  let enterpriseId: string;
  let cityTask: { id: string; name: string };
  let provinceTask: { id: string; name: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', isKeyEnterprise: false });
    enterpriseId = enterprise.id;
    const account = await createFiler(t.ctx.db, enterprise);
    filer = await signIn(t.app, account.username, account.password);
    filerId = await userIdOf(t.ctx.db, account.username);
    cityTask = await createTask(t.ctx.db, {
      name: '[市级]2026年09月深圳市软件和信息技术服务业月报',
      period: '2026-09',
      ownerRegionCode: '440300',
      ownerLevel: 'city',
    });
    provinceTask = await createTask(t.ctx.db, {
      name: '[省级]2026年09月广东省软件和信息技术服务业月报',
      period: '2026-09',
      ownerRegionCode: '440000',
      ownerLevel: 'province',
    });
  });
  afterAll(() => t.close());

  const apply = (taskId: string) =>
    sendAs(t.app, filer, 'POST', '/api/enterprise/task-applications', { taskId });

  it('refuses the second task of a period, naming the period and the task already taken', async () => {
    expect((await apply(cityTask.id)).statusCode).toBe(200);
    const second = await apply(provinceTask.id);
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toBe(
      `本企业已申请2026年09月的“${cityTask.name}”，同一报告期只能填报一份报表，请勿重复申请`,
    );
    const rows = await t.ctx.db
      .selectFrom('task_applications')
      .select('task_id')
      .where('enterprise_id', '=', enterpriseId)
      .execute();
    expect(rows).toEqual([{ task_id: cityTask.id }]);
  });

  it('holds in the database too, and lets a refused application make way', async () => {
    const insertSecond = () =>
      t.ctx.db
        .insertInto('task_applications')
        .values({
          task_id: provinceTask.id,
          enterprise_id: enterpriseId,
          status: 'pending',
          applied_by: filerId,
          applied_at: new Date(),
        })
        .execute();
    await expect(insertSecond()).rejects.toMatchObject({ code: '23505' });
    await t.ctx.db
      .updateTable('task_applications')
      .set({ status: 'refused' })
      .where('task_id', '=', cityTask.id)
      .execute();
    expect((await apply(provinceTask.id)).statusCode).toBe(200);
  });

  it('holds for the filings themselves: a second 地方 filing of the period is refused by the database, a ministry one is not', async () => {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', isKeyEnterprise: false });
    const fileFor = (taskId: string) => createFiling(t.ctx.db, { taskId, enterpriseId: enterprise.id });
    await fileFor(cityTask.id);
    // Whatever wrote it (a reversed decision, an import, a bug), the 省级 report of the same month is one too many.
    await expect(fileFor(provinceTask.id)).rejects.toMatchObject({ code: '23505' });
    // The national survey of the same month is another matter, and so is the next month of the province.
    const ministryTask = await createTask(t.ctx.db, { period: '2026-09' });
    await expect(fileFor(ministryTask.id)).resolves.toBeDefined();
    const nextMonth = await createTask(t.ctx.db, {
      name: '[省级]2026年10月广东省软件和信息技术服务业月报',
      period: '2026-10',
      ownerRegionCode: '440000',
      ownerLevel: 'province',
    });
    await expect(fileFor(nextMonth.id)).resolves.toBeDefined();
  });
});
