import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../test/factories.ts';
import { createTestApp, sendAs, signIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

/**
 * Issue 17, finding 11: 重庆's own tasks were labelled [省级] — a municipality's statistics office works as the
 * 市级, and its enterprises and districts know its tasks as 市级任务.
 */
describe.each(databaseKinds)('the level a published task is labelled with on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it.each([
    { regionCode: '500000', adminLevel: 'city' as const, tag: '[市级]' },
    { regionCode: '440000', adminLevel: 'province' as const, tag: '[省级]' },
  ])('labels a task of $regionCode $tag', async ({ regionCode, adminLevel, tag }) => {
    const account = await createAdmin(t.ctx.db, { adminLevel, regionCode });
    const publisher = await signIn(t.app, account.username, account.password);
    const created = await sendAs(t.app, publisher, 'POST', '/api/admin/tasks', {
      periodType: 'year',
      period: '2032',
      opensAt: '2033-01-15T00:00:00+08:00',
      closesAt: '2033-03-20T18:00:00+08:00',
      reviewDeadlines: {},
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().name).toBe(`${tag}2032年软件和信息技术服务业年报`);
  });
});
