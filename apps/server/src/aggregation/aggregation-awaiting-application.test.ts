import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signInEach, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// Issue 17, delivery item 4: enterprises that must apply for a 省/市 task are counted apart from 应报 until they
// apply — on the 汇总 page's trend (已报/应报 per month) and analysis as on 催报 and the 工作台, at every level.

interface Figures {
  expected: number;
  awaitingApplication: number;
}

describe.each(databaseKinds)('待申请 apart from 应报 on the 汇总 trend on %s', (kind) => {
  let t: TestApp;
  let who: Record<'nanshan' | 'shenzhen' | 'guangdong', SignedIn>;
  let taskId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const ids: Record<string, string> = {};
    for (const name of ['已申请', '已填报', '待申请', '申请待审']) {
      ids[name] = (await createEnterprise(db, { regionCode: '440305', name: `南山${name}软件有限公司` })).id;
    }
    ids['福田待申请'] = (
      await createEnterprise(db, { regionCode: '440304', name: '福田待申请软件有限公司' })
    ).id;
    taskId = (
      await createTask(db, {
        ownerLevel: 'province',
        ownerRegionCode: '440000',
        name: '[省级]2026年07月广东省测试月报',
        period: '2026-07',
      })
    ).id;
    const accounts = {
      nanshan: await createAdmin(db, { adminLevel: 'county', regionCode: '440305' }),
      shenzhen: await createAdmin(db, { adminLevel: 'city', regionCode: '440300' }),
      guangdong: await createAdmin(db, { adminLevel: 'province', regionCode: '440000' }),
    };
    const adminId = (
      await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()
    ).id;
    for (const [name, status] of [
      ['已申请', 'approved'],
      ['申请待审', 'pending'],
    ] as const) {
      await db
        .insertInto('task_applications')
        .values({
          task_id: taskId,
          enterprise_id: ids[name]!,
          status,
          applied_by: adminId,
          applied_at: new Date(),
        })
        .execute();
    }
    await createFiling(db, { taskId, enterpriseId: ids['已填报']!, status: 'approved' });
    who = await signInEach(t.app, accounts);
  });
  afterAll(() => t.close());

  it('gives the month’s 应报 as 催报 and the 工作台 count it: the enterprises that applied, not those still to', async () => {
    // By hand: in 南山 the one that applied and the one that filed are 应报; the other two (one of them with an
    // application still undecided) and 福田's wait to apply.
    const byHand: Record<'nanshan' | 'shenzhen' | 'guangdong', Figures> = {
      nanshan: { expected: 2, awaitingApplication: 2 },
      shenzhen: { expected: 2, awaitingApplication: 3 },
      guangdong: { expected: 2, awaitingApplication: 3 },
    };
    for (const level of ['nanshan', 'shenzhen', 'guangdong'] as const) {
      const as = who[level];
      const aggregation = (await getAs(t.app, as, `/api/admin/aggregation?taskId=${taskId}`)).json<{
        trend: Array<{ period: string; filingCount: number; expectedCount: number }>;
      }>();
      expect(aggregation.trend.find((point) => point.period === '2026-07')).toMatchObject({
        filingCount: 1,
        expectedCount: byHand[level].expected,
      });
      const analysis = (await getAs(t.app, as, `/api/admin/aggregation/analysis?taskId=${taskId}`)).json<{
        coverage: Figures;
      }>();
      expect(analysis.coverage).toMatchObject(byHand[level]);
      const completeness = (await getAs(t.app, as, `/api/admin/completeness?taskId=${taskId}`)).json<{
        totals: Figures;
      }>();
      expect(completeness.totals).toMatchObject(byHand[level]);
      const overview = (await getAs(t.app, as, '/api/admin/overview')).json<{
        tasks: Array<Figures & { taskId: string }>;
      }>();
      expect(overview.tasks.find((task) => task.taskId === taskId)).toMatchObject(byHand[level]);
    }
  });
});
