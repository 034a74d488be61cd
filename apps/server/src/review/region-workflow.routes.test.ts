import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminLevel, CellValues } from '../db/schema.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
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
import { sampleMonthlyValues } from '../test/sample-values.ts';

// Issue 17, findings 3, 4 and 8: a pass-up certifies a complete region, freezes what it passed and re-opens when
// that moves; 退回地区 returns the pass-up alone; each level sees its direct children; an upper level takes over
// a region that would block it. Each test works in its own districts with a task owned by them, so the
// obligations of one test never reach another's.

// April's values.
const sample = (seed: number): CellValues => sampleMonthlyValues(seed, 1, 3);

interface PassUpRow {
  id: string | null;
  regionCode: string;
  regionName: string;
  status: string;
  figures: Record<string, number>;
  snapshot: { figures: Record<string, number>; totals: Record<string, number | null> } | null;
  reopenDifference: { figures: Record<string, number> } | null;
  takeover: { byRegionName: string; reason: string } | null;
  hasActiveAdmin: boolean;
  canTakeOver: boolean;
}

describe.each(databaseKinds)('the region workflow on %s', (kind) => {
  let t: TestApp;
  let who: Record<
    'luohu' | 'baoan' | 'longgang' | 'yantian' | 'pingshan' | 'shenzhen' | 'guangdong',
    SignedIn
  >;
  let filerUserId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const someone = await createEnterprise(db, { regionCode: '440303', isInScope: false });
    const accounts = {
      luohu: await createAdmin(db, { adminLevel: 'county', regionCode: '440303' }),
      baoan: await createAdmin(db, { adminLevel: 'county', regionCode: '440306' }),
      longgang: await createAdmin(db, { adminLevel: 'county', regionCode: '440307' }),
      yantian: await createAdmin(db, { adminLevel: 'county', regionCode: '440308' }),
      pingshan: await createAdmin(db, { adminLevel: 'county', regionCode: '440310' }),
      shenzhen: await createAdmin(db, { adminLevel: 'city', regionCode: '440300' }),
      guangdong: await createAdmin(db, { adminLevel: 'province', regionCode: '440000' }),
    };
    const filer = await createFiler(db, someone);
    filerUserId = await userIdOf(db, filer.username);
    who = await signInEach(t.app, accounts);
  });
  afterAll(() => t.close());

  /** A task owned by one district: only its enterprises are obliged. */
  const districtTask = (regionCode: string, closesAt?: Date) =>
    createTask(t.ctx.db, {
      ownerRegionCode: regionCode,
      ownerLevel: 'county',
      opensAt: new Date(Date.now() - 20 * 86_400_000),
      closesAt,
    });

  async function filingOf(
    taskId: string,
    regionCode: string,
    name: string,
    state: { status: 'draft' | 'submitted' | 'approved' | 'returned'; pendingLevel?: AdminLevel } | null,
  ) {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode, name });
    if (!state) return { enterprise, filingId: null };
    const filing = await createFiling(t.ctx.db, {
      taskId,
      enterpriseId: enterprise.id,
      status: state.status,
      pendingLevel: state.pendingLevel,
      values: sample(name.length),
      userId: filerUserId,
    });
    return { enterprise, filingId: filing.id };
  }

  const passUps = async (as: SignedIn, taskId: string, regionCode?: string) => {
    const query = regionCode ? `&regionCode=${regionCode}` : '';
    const response = await getAs(t.app, as, `/api/admin/review/region-submissions?taskId=${taskId}${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<{ own: PassUpRow | null; children: PassUpRow[]; excusals: unknown[] }>();
  };
  const passUp = (as: SignedIn, taskId: string, regionCode?: string) =>
    sendAs(t.app, as, 'POST', '/api/admin/review/region-submissions', { taskId, regionCode });
  const approve = (as: SignedIn, filingId: string) =>
    sendAs(t.app, as, 'POST', `/api/admin/review/filings/${filingId}/approve`, {});
  const regionNotices = (regionCode: string) =>
    t.ctx.db
      .selectFrom('region_notices')
      .select(['kind', 'title', 'body'])
      .where('region_code', '=', regionCode)
      .orderBy('created_at')
      .execute();

  it('refuses a pass-up while obligations are unapproved, naming them, and accepts it after an excusal with a reason (finding 4)', async () => {
    const task = await districtTask('440303');
    await filingOf(task.id, '440303', '罗湖已审软件有限公司', {
      status: 'submitted',
      pendingLevel: 'city',
    });
    const waiting = await filingOf(task.id, '440303', '罗湖待审软件有限公司', {
      status: 'submitted',
      pendingLevel: 'county',
    });
    const absent = await filingOf(task.id, '440303', '罗湖停业软件有限公司', null);

    const refused = await passUp(who.luohu, task.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'PASS_UP_INCOMPLETE' });
    expect(refused.json().detail).toContain('罗湖待审软件有限公司（已上报至区县）');
    expect(refused.json().detail).toContain('罗湖停业软件有限公司（未填报）');
    expect(
      refused
        .json()
        .invalidParams.map((param: { name: string }) => param.name)
        .sort(),
    ).toEqual([`enterprises.${absent.enterprise.id}`, `enterprises.${waiting.enterprise.id}`].sort());
    // The city saw a green 已上报 for such a district before; now it sees 未上报 with 应报 / 已审 beside it.
    const [row] = (await passUps(who.shenzhen, task.id)).children;
    expect(row).toMatchObject({
      regionCode: '440303',
      status: 'not_submitted',
      figures: { expected: 3, submitted: 2, approved: 1, excused: 0, outstanding: 2 },
    });

    expect((await approve(who.luohu, waiting.filingId!)).statusCode).toBe(200);
    const stillRefused = await passUp(who.luohu, task.id);
    expect(stillRefused.json().invalidParams).toEqual([
      { name: `enterprises.${absent.enterprise.id}`, reason: '罗湖区 罗湖停业软件有限公司：未填报' },
    ]);
    const excused = await sendAs(t.app, who.luohu, 'POST', '/api/admin/review/excusals', {
      taskId: task.id,
      enterpriseId: absent.enterprise.id,
      reason: 'closed',
      note: '2026年3月起停业',
    });
    expect(excused.statusCode).toBe(200);
    expect(excused.json()).toMatchObject({ reasonLabel: '停业', note: '2026年3月起停业' });

    const accepted = await passUp(who.luohu, task.id);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: 'submitted',
      snapshot: { figures: { expected: 3, submitted: 2, approved: 2, excused: 1, outstanding: 0 } },
    });
    const city = await passUps(who.shenzhen, task.id);
    expect(city.children[0]).toMatchObject({ status: 'submitted', snapshot: { figures: { excused: 1 } } });
    expect(Object.keys(city.children[0]!.snapshot!.totals).length).toBeGreaterThan(0);
    expect(city.excusals).toEqual([
      expect.objectContaining({
        enterpriseName: '罗湖停业软件有限公司',
        reasonLabel: '停业',
        excusedLevel: 'county',
      }),
    ]);
    // An excusal decides the obligation; the enterprise's figures are untouched (it has no filing at all).
    const filings = await t.ctx.db
      .selectFrom('filings')
      .select('id')
      .where('enterprise_id', '=', absent.enterprise.id)
      .execute();
    expect(filings).toEqual([]);
  });

  it('returns a region’s pass-up without undoing the approvals of its filings, and tells the region (finding 8)', async () => {
    const task = await districtTask('440306');
    const { filingId } = await filingOf(task.id, '440306', '宝安已审软件有限公司', {
      status: 'submitted',
      pendingLevel: 'county',
    });
    await approve(who.baoan, filingId!);
    expect((await passUp(who.baoan, task.id)).statusCode).toBe(200);
    const [row] = (await passUps(who.shenzhen, task.id)).children;

    const returned = await sendAs(
      t.app,
      who.shenzhen,
      'POST',
      `/api/admin/review/region-submissions/${row!.id}/return`,
      { reason: '宝安区汇总需复核' },
    );
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '宝安区汇总需复核' });
    const filing = await t.ctx.db
      .selectFrom('filings')
      .select(['status', 'pending_level'])
      .where('id', '=', filingId!)
      .executeTakeFirstOrThrow();
    expect(filing).toEqual({ status: 'submitted', pending_level: 'city' });
    expect((await passUps(who.baoan, task.id)).own).toMatchObject({
      status: 'returned',
      figures: { approved: 1 },
    });
    await drainOutbox(t.ctx);
    expect(await regionNotices('440306')).toEqual([
      expect.objectContaining({ kind: 'region-returned', body: expect.stringContaining('宝安区汇总需复核') }),
    ]);
  });

  it('shows the province its cities only, drilling down for districts, and leaves a district’s return to its city (finding 8)', async () => {
    const task = await districtTask('440307');
    const { filingId } = await filingOf(task.id, '440307', '龙岗已审软件有限公司', {
      status: 'submitted',
      pendingLevel: 'county',
    });
    await approve(who.longgang, filingId!);
    expect((await passUp(who.longgang, task.id)).statusCode).toBe(200);

    const province = await passUps(who.guangdong, task.id);
    expect(province.children.map((row) => row.regionName)).toEqual(['深圳市']);
    expect(province.children[0]).toMatchObject({ status: 'not_submitted', figures: { expected: 1 } });
    const drilled = await passUps(who.guangdong, task.id, '440300');
    expect(drilled.own).toMatchObject({ regionName: '深圳市' });
    expect(drilled.children).toEqual([
      expect.objectContaining({ regionName: '龙岗区', status: 'submitted' }),
    ]);

    const skipping = await sendAs(
      t.app,
      who.guangdong,
      'POST',
      `/api/admin/review/region-submissions/${drilled.children[0]!.id}/return`,
      { reason: '省级越级退回' },
    );
    expect(skipping.statusCode).toBe(404);
    expect((await passUps(who.shenzhen, task.id)).children[0]).toMatchObject({ status: 'submitted' });
  });

  it('re-opens a pass-up when a late filing is approved after it, and tells the city the difference (finding 8)', async () => {
    const task = await districtTask('440308');
    const early = await filingOf(task.id, '440308', '盐田按时软件有限公司', {
      status: 'submitted',
      pendingLevel: 'county',
    });
    const late = await filingOf(task.id, '440308', '盐田迟报软件有限公司', null);
    await approve(who.yantian, early.filingId!);
    await sendAs(t.app, who.yantian, 'POST', '/api/admin/review/excusals', {
      taskId: task.id,
      enterpriseId: late.enterprise.id,
      reason: 'moved-out',
    });
    const passed = await passUp(who.yantian, task.id);
    expect(passed.json().snapshot.figures).toMatchObject({ approved: 1, excused: 1 });

    // The enterprise files after all, and the district approves it: the figures passed up no longer hold.
    const lateFiling = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: late.enterprise.id,
      status: 'submitted',
      pendingLevel: 'county',
      values: sample(77),
      userId: filerUserId,
    });
    expect((await approve(who.yantian, lateFiling.id)).statusCode).toBe(200);

    const [row] = (await passUps(who.shenzhen, task.id)).children;
    expect(row).toMatchObject({
      status: 'reopened',
      figures: { approved: 2, excused: 0 },
      snapshot: { figures: { approved: 1, excused: 1 } },
      reopenDifference: { figures: { submitted: 1, onTime: 1, approved: 1, excused: -1 } },
    });
    await drainOutbox(t.ctx);
    expect(await regionNotices('440300')).toEqual([
      expect.objectContaining({
        kind: 'pass-up-reopened',
        title: '盐田区的上报已重新打开',
        body: expect.stringContaining('已审 +1；免报 -1'),
      }),
    ]);
    const audit = await t.ctx.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'region.reopen')
      .where('region_code', '=', '440308')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ taskId: task.id, level: 'county' });
    // Passed up again, the new snapshot holds the late filing.
    expect((await passUp(who.yantian, task.id)).json()).toMatchObject({
      status: 'submitted',
      snapshot: { figures: { approved: 2, excused: 0 } },
    });
  });

  it('lets the city take over a district without an administrator and pass it up, recorded as 代为审核 (finding 3)', async () => {
    const task = await createTask(t.ctx.db, {
      ownerRegionCode: '440300',
      ownerLevel: 'city',
      opensAt: new Date(Date.now() - 20 * 86_400_000),
    });
    const stuck = await filingOf(task.id, '440309', '龙华无人审核软件有限公司', {
      status: 'submitted',
      pendingLevel: 'county',
    });
    await filingOf(task.id, '440310', '坪山有人审核软件有限公司', {
      status: 'submitted',
      pendingLevel: 'county',
    });

    const list = await passUps(who.shenzhen, task.id);
    const longhua = list.children.find((row) => row.regionCode === '440309')!;
    const pingshan = list.children.find((row) => row.regionCode === '440310')!;
    expect(longhua).toMatchObject({ hasActiveAdmin: false, canTakeOver: true });
    expect(pingshan).toMatchObject({ hasActiveAdmin: true, canTakeOver: false });
    // The city cannot pass up past a district that cannot act.
    expect((await passUp(who.shenzhen, task.id)).json().invalidParams).toContainEqual({
      name: `enterprises.${stuck.enterprise.id}`,
      reason: '龙华区 龙华无人审核软件有限公司：已上报至区县',
    });

    const tooEarly = await sendAs(t.app, who.shenzhen, 'POST', '/api/admin/review/takeovers', {
      taskId: task.id,
      regionCode: '440310',
    });
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().code).toBe('TAKEOVER_NOT_ALLOWED');
    const reminded = await sendAs(t.app, who.shenzhen, 'POST', '/api/admin/review/region-reminders', {
      taskId: task.id,
      regionCode: '440310',
    });
    expect(reminded.json()).toEqual({ activeAdmins: 1 });

    const takenOver = await sendAs(t.app, who.shenzhen, 'POST', '/api/admin/review/takeovers', {
      taskId: task.id,
      regionCode: '440309',
    });
    expect(takenOver.statusCode).toBe(200);
    expect(takenOver.json().takeover).toMatchObject({ byRegionName: '深圳市', reason: 'no-active-admin' });

    const queue = (await getAs(t.app, who.shenzhen, `/api/admin/review/queue?taskId=${task.id}`)).json()
      .items as Array<{ filingId: string }>;
    expect(queue.map((item) => item.filingId)).toContain(stuck.filingId);
    const detail = (await getAs(t.app, who.shenzhen, `/api/admin/review/filings/${stuck.filingId}`)).json();
    expect(detail).toMatchObject({ canReview: true, takenOverBy: 'city' });
    expect((await approve(who.shenzhen, stuck.filingId!)).json()).toMatchObject({ pendingLevel: 'city' });
    const reviewed = (await getAs(t.app, who.shenzhen, `/api/admin/review/filings/${stuck.filingId}`)).json();
    expect(reviewed.reviews.at(-1)).toMatchObject({
      level: 'county',
      action: 'approve',
      takenOverBy: 'city',
    });
    const history = (await getAs(t.app, who.shenzhen, `/api/filings/${stuck.filingId}/history`)).json();
    expect(history.items).toContainEqual(
      expect.objectContaining({ action: 'filing.approve', takenOverBy: 'city', ip: expect.any(String) }),
    );

    const inPlace = await passUp(who.shenzhen, task.id, '440309');
    expect(inPlace.statusCode).toBe(200);
    expect(inPlace.json()).toMatchObject({ status: 'submitted', takeover: { byRegionName: '深圳市' } });
    const audits = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'details', 'ip_address'])
      .where('region_code', '=', '440309')
      .where('action', 'in', ['region.take-over', 'region.submit'])
      .orderBy('created_at')
      .execute();
    expect(audits).toEqual([
      expect.objectContaining({
        action: 'region.take-over',
        details: expect.objectContaining({ byLevel: 'city' }),
      }),
      expect.objectContaining({
        action: 'region.submit',
        details: expect.objectContaining({ takenOverBy: 'city' }),
      }),
    ]);
    expect(audits.every((audit) => audit.ip_address !== null)).toBe(true);

    await drainOutbox(t.ctx);
    expect((await regionNotices('440309')).map((notice) => notice.kind)).toEqual(['region-taken-over']);
    expect((await regionNotices('440310')).map((notice) => notice.kind)).toEqual(['region-reminder']);
    const pingshanNotices = await getAs(t.app, who.pingshan, '/api/admin/region-notices');
    expect(pingshanNotices.json().items).toEqual([
      expect.objectContaining({ kind: 'region-reminder', isRead: false }),
    ]);
  });
});
