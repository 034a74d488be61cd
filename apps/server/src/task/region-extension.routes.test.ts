import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import {
  createTestApp,
  drainOutbox,
  getAs,
  sendAs,
  signInEach,
  type SignedIn,
  type TestApp,
} from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// Issue 17, delivery item 5: extensions granted per region, with a reason and a new deadline, told to each
// enterprise; the enterprises that have filed, are excused or have a later deadline of their own are left alone.

const day = 86_400_000;

describe.each(databaseKinds)('地区延期 on %s', (kind) => {
  let t: TestApp;
  let who: Record<'nanshan' | 'shenzhen' | 'yubei', SignedIn>;
  let taskId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const names = ['未报', '已报', '免报', '退回', '自有延期'];
    for (const name of names) {
      ids[name] = (await createEnterprise(db, { regionCode: '440305', name: `南山${name}软件有限公司` })).id;
    }
    ids['福田'] = (await createEnterprise(db, { regionCode: '440304', name: '福田未报软件有限公司' })).id;
    taskId = (
      await createTask(db, { opensAt: new Date(Date.now() - 20 * day), closesAt: new Date(Date.now() - day) })
    ).id;
    await createFiling(db, { taskId, enterpriseId: ids['已报']!, status: 'submitted' });
    await createFiling(db, { taskId, enterpriseId: ids['退回']!, status: 'returned' });
    await createFiling(db, {
      taskId,
      enterpriseId: ids['自有延期']!,
      status: 'draft',
      deadlineExtendedUntil: new Date(Date.now() + 60 * day),
    });
    const accounts = {
      nanshan: await createAdmin(db, { adminLevel: 'county', regionCode: '440305' }),
      shenzhen: await createAdmin(db, { adminLevel: 'city', regionCode: '440300' }),
      yubei: await createAdmin(db, { adminLevel: 'county', regionCode: '500112' }),
    };
    who = await signInEach(t.app, accounts);
    const excused = await sendAs(t.app, who.nanshan, 'POST', '/api/admin/review/excusals', {
      taskId,
      enterpriseId: ids['免报'],
      reason: 'closed',
    });
    expect(excused.statusCode, excused.body).toBeLessThan(300);
  });
  afterAll(() => t.close());

  const extend = (as: SignedIn, regionCode: string, until: Date) =>
    sendAs(t.app, as, 'POST', `/api/admin/tasks/${taskId}/region-extensions`, {
      regionCode,
      until: until.toISOString(),
      reason: '区县系统停电',
    });

  it('refuses regions outside the administrator’s reach and a deadline not after the task’s', async () => {
    expect((await extend(who.yubei, '440305', new Date(Date.now() + 5 * day))).statusCode).toBe(404);
    expect((await extend(who.nanshan, '440300', new Date(Date.now() + 5 * day))).statusCode).toBe(404);
    const early = await extend(who.shenzhen, '440305', new Date(Date.now() - 2 * day));
    expect(early.statusCode).toBe(400);
    expect(early.json().invalidParams[0]).toEqual({ name: 'until', reason: '应晚于任务的填报截止时间' });
  });

  it('extends every enterprise of the region still to file, names those left alone and tells the extended', async () => {
    const until = new Date(Date.now() + 10 * day);
    const granted = await extend(who.shenzhen, '440305', until);
    expect(granted.statusCode, granted.body).toBe(200);
    const answer = granted.json<{
      extended: Array<{ name: string }>;
      skipped: Array<{ name: string; reason: string }>;
    }>();
    expect(answer.extended.map((row) => row.name).sort()).toEqual(
      ['南山未报软件有限公司', '南山退回软件有限公司'].sort(),
    );
    expect(Object.fromEntries(answer.skipped.map((row) => [row.name, row.reason]))).toEqual({
      南山已报软件有限公司: 'submitted',
      南山免报软件有限公司: 'excused',
      南山自有延期软件有限公司: 'later',
    });

    const report = (await getAs(t.app, who.nanshan, `/api/admin/completeness?taskId=${taskId}`)).json<{
      totals: { overdue: number };
      enterprises: Array<{ name: string; isExtended: boolean; isOverdue: boolean; deadline: string }>;
    }>();
    const byName = Object.fromEntries(report.enterprises.map((row) => [row.name, row]));
    expect(byName['南山未报软件有限公司']).toMatchObject({ isExtended: true, isOverdue: false });
    expect(new Date(byName['南山未报软件有限公司']!.deadline).getTime()).toBe(until.getTime());
    expect(report.totals.overdue).toBe(0);

    // Another district keeps its deadline.
    const futian = await t.ctx.db
      .selectFrom('filings')
      .select('id')
      .where('task_id', '=', taskId)
      .where('enterprise_id', '=', ids['福田']!)
      .executeTakeFirst();
    expect(futian).toBeUndefined();

    await drainOutbox(t.ctx);
    const notices = await t.ctx.db
      .selectFrom('notices')
      .select(['enterprise_id', 'body'])
      .where('kind', '=', 'extension')
      .execute();
    expect(notices.map((notice) => notice.enterprise_id).sort()).toEqual([ids['未报'], ids['退回']].sort());
    expect(notices[0]!.body).toContain('原因：区县系统停电');
    const audits = await t.ctx.db
      .selectFrom('audit_events')
      .select(['details', 'ip_address'])
      .where('action', '=', 'filing.extend')
      .execute();
    expect(audits).toHaveLength(2);
    expect(audits.map((row) => (row.details as { regionCode?: string }).regionCode)).toEqual([
      '440305',
      '440305',
    ]);
    expect(audits[0]!.ip_address).toBeTruthy();

    // The filing's 历史记录 shows the extension: who, the new deadline, the reason and the region it was granted to.
    const extended = answer.extended as Array<{ name: string; filingId: string }>;
    const filingId = extended.find((row) => row.name === '南山退回软件有限公司')!.filingId;
    const history = (await getAs(t.app, who.nanshan, `/api/filings/${filingId}/history`)).json<{
      items: Array<{ action: string; reason: string | null; extension: unknown }>;
    }>();
    expect(history.items.find((entry) => entry.action === 'filing.extend')).toMatchObject({
      reason: '区县系统停电',
      extension: {
        until: until.toISOString(),
        previous: null,
        region: { code: '440305', name: '南山区' },
      },
    });
  });

  it('leaves an enterprise that has not applied for a 省级 task without a filing it never asked for', async () => {
    const provincial = await createTask(t.ctx.db, {
      ownerLevel: 'province',
      ownerRegionCode: '440000',
      name: '[省级]测试任务',
      opensAt: new Date(Date.now() - 20 * day),
      closesAt: new Date(Date.now() - day),
    });
    const until = new Date(Date.now() + 10 * day).toISOString();
    const single = await sendAs(t.app, who.nanshan, 'POST', `/api/admin/tasks/${provincial.id}/extensions`, {
      enterpriseId: ids['未报'],
      until,
      reason: '系统故障',
    });
    expect(single.statusCode).toBe(409);
    expect(single.json().detail).toBe('南山未报软件有限公司尚未申请该任务，无需延期');
    const region = await sendAs(
      t.app,
      who.nanshan,
      'POST',
      `/api/admin/tasks/${provincial.id}/region-extensions`,
      { regionCode: '440305', until, reason: '系统故障' },
    );
    expect(region.json().extended).toEqual([]);
    expect(region.json().skipped).toContainEqual(
      expect.objectContaining({ name: '南山未报软件有限公司', reason: 'not-applied' }),
    );
    const filings = await t.ctx.db
      .selectFrom('filings')
      .select('id')
      .where('task_id', '=', provincial.id)
      .execute();
    expect(filings).toEqual([]);
  });
});
