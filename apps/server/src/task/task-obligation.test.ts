import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as directoryOfRecord from '../db/migrations/20261207T0500-directory-of-record.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

describe.each(databaseKinds)('obligations of record on an existing database (%s)', (kind) => {
  let t: TestApp;
  let baoan: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const admin = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440306' });
    baoan = await signIn(t.app, admin.username, admin.password);
  });
  afterAll(() => t.close());

  it('backfills each existing task with what it showed: the enterprises its rule selects and those that filed', async () => {
    await createEnterprise(t.ctx.db, { regionCode: '440306', name: '宝安重点软件有限公司' });
    await createEnterprise(t.ctx.db, {
      regionCode: '440306',
      name: '宝安年报软件有限公司',
      isKeyEnterprise: false,
    });
    const outOfScope = await createEnterprise(t.ctx.db, {
      regionCode: '440306',
      name: '宝安已报非纳统有限公司',
      isInScope: false,
      isKeyEnterprise: false,
    });
    const monthly = await createTask(t.ctx.db, { period: '2032-01' });
    const annual = await createTask(t.ctx.db, { periodType: 'year', period: '2032' });
    await createFiling(t.ctx.db, { taskId: monthly.id, enterpriseId: outOfScope.id, status: 'submitted' });

    const shown = async (taskId: string) => {
      const report = (await getAs(t.app, baoan, `/api/admin/completeness?taskId=${taskId}`)).json();
      return {
        totals: report.totals,
        names: report.enterprises.map((row: { name: string }) => row.name).sort(),
      };
    };
    const before = { monthly: await shown(monthly.id), annual: await shown(annual.id) };
    expect(before.monthly.names).toEqual(['宝安已报非纳统有限公司', '宝安重点软件有限公司']);
    expect(before.annual.names).toEqual(['宝安年报软件有限公司', '宝安重点软件有限公司']);

    // The database as it stood before the migration, then the migration itself.
    await directoryOfRecord.down(t.ctx.db);
    await directoryOfRecord.up(t.ctx.db);

    expect(await shown(monthly.id)).toEqual(before.monthly);
    expect(await shown(annual.id)).toEqual(before.annual);
    const sources = await t.ctx.db
      .selectFrom('task_obligations')
      .select('source')
      .distinct()
      .where('task_id', 'in', [monthly.id, annual.id])
      .execute();
    expect(sources).toEqual([{ source: 'backfill' }]);
  });
});
