import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminLevel } from '../db/schema.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
import { recordObligationsAtPublication } from '../task/task-obligation.repository.ts';
import { createTestApp, getAs, sendAs, signInEach, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// Issue 17 item 8 and finding 10 (已报 0 with 按时上报率 100%; 已审 2 at the district and 1 at the city for the
// same district and task): the completeness figures counted here by hand from the fixture, the plainest way,
// must be what the district, the city and the province are shown.

const day = 86_400_000;
const rank: Record<AdminLevel, number> = { county: 1, city: 2, province: 3, ministry: 4 };

interface Fixture {
  name: string;
  regionCode: string;
  isObliged: boolean;
  status: 'draft' | 'submitted' | 'approved' | 'returned' | null;
  pendingLevel?: AdminLevel;
  /** Days after the task's deadline of the first submission (negative: before it). */
  firstSubmittedDay?: number;
  extendedDay?: number;
  isExcused?: boolean;
}

const fixtures: Fixture[] = [
  { name: '南山终审软件', regionCode: '440305', isObliged: true, status: 'approved', firstSubmittedDay: -3 },
  {
    name: '南山市审软件',
    regionCode: '440305',
    isObliged: true,
    status: 'submitted',
    pendingLevel: 'city',
    firstSubmittedDay: -2,
  },
  {
    name: '南山区审软件',
    regionCode: '440305',
    isObliged: true,
    status: 'submitted',
    pendingLevel: 'county',
    firstSubmittedDay: 2,
  },
  { name: '南山退回软件', regionCode: '440305', isObliged: true, status: 'returned', firstSubmittedDay: -1 },
  {
    name: '南山延期软件',
    regionCode: '440305',
    isObliged: true,
    status: 'submitted',
    pendingLevel: 'county',
    firstSubmittedDay: 2,
    extendedDay: 4,
  },
  { name: '南山注销软件', regionCode: '440305', isObliged: true, status: null, isExcused: true },
  { name: '南山非纳统软件', regionCode: '440305', isObliged: false, status: null },
  // 福田: one filing submitted on time and withdrawn again (已报 0), one not started.
  { name: '福田撤回软件', regionCode: '440304', isObliged: true, status: 'draft', firstSubmittedDay: -1 },
  { name: '福田未报软件', regionCode: '440304', isObliged: true, status: null },
  {
    name: '福田省审软件',
    regionCode: '440304',
    isObliged: true,
    status: 'submitted',
    pendingLevel: 'province',
    firstSubmittedDay: -1,
  },
];

/** Counted by hand: what each figure means, for a region whose own level is `level`. */
function countByHand(rows: Fixture[], level: AdminLevel) {
  const obliged = rows.filter((row) => row.isObliged);
  const isSubmitted = (row: Fixture) => row.status === 'submitted' || row.status === 'approved';
  const isApproved = (row: Fixture) =>
    row.status === 'approved' || (row.status === 'submitted' && rank[row.pendingLevel!] > rank[level]);
  const isOnTime = (row: Fixture) => isSubmitted(row) && row.firstSubmittedDay! <= (row.extendedDay ?? 0);
  const expected = obliged.length;
  const excused = obliged.filter((row) => row.isExcused && !isApproved(row)).length;
  const onTime = obliged.filter(isOnTime).length;
  return {
    expected,
    awaitingApplication: 0,
    submitted: obliged.filter(isSubmitted).length,
    onTime,
    approved: obliged.filter(isApproved).length,
    excused,
    onTimeRate: expected - excused > 0 ? onTime / (expected - excused) : null,
  };
}

describe.each(databaseKinds)('completeness figures on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  let who: Record<'nanshan' | 'futian' | 'shenzhen' | 'guangdong', SignedIn>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const closesAt = new Date(Date.now() - 5 * day);
    taskId = (await createTask(db, { opensAt: new Date(closesAt.getTime() - 20 * day), closesAt })).id;
    const accounts = {
      nanshan: await createAdmin(db, { adminLevel: 'county', regionCode: '440305' }),
      futian: await createAdmin(db, { adminLevel: 'county', regionCode: '440304' }),
      shenzhen: await createAdmin(db, { adminLevel: 'city', regionCode: '440300' }),
      guangdong: await createAdmin(db, { adminLevel: 'province', regionCode: '440000' }),
    };
    let filerUserId: string | null = null;
    for (const fixture of fixtures) {
      const enterprise = await createEnterprise(db, {
        regionCode: fixture.regionCode,
        name: `${fixture.name}有限公司`,
        isInScope: fixture.isObliged,
      });
      filerUserId ??= await userIdOf(db, (await createFiler(db, enterprise)).username);
      if (fixture.status) {
        await createFiling(db, {
          taskId,
          enterpriseId: enterprise.id,
          status: fixture.status,
          pendingLevel: fixture.pendingLevel ?? null,
          submittedAt: new Date(closesAt.getTime() + fixture.firstSubmittedDay! * day),
          deadlineExtendedUntil:
            fixture.extendedDay === undefined
              ? null
              : new Date(closesAt.getTime() + fixture.extendedDay * day),
          userId: filerUserId,
        });
      }
      if (fixture.isExcused) {
        await db
          .insertInto('obligation_excusals')
          .values({
            task_id: taskId,
            enterprise_id: enterprise.id,
            reason: 'deregistered',
            note: null,
            excused_by: (
              await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()
            ).id,
            excused_level: 'county',
          })
          .execute();
      }
    }
    // The task's 应报 of record: the directory as it stood at publication (task-obligation.repository.ts).
    await recordObligationsAtPublication(db, [taskId]);
    who = await signInEach(t.app, accounts);
  });
  afterAll(() => t.close());

  const completeness = async (as: SignedIn, regionCode?: string) => {
    const query = regionCode ? `&regionCode=${regionCode}` : '';
    const response = await getAs(t.app, as, `/api/admin/completeness?taskId=${taskId}${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<{
      totals: Record<string, unknown>;
      children: Array<Record<string, unknown> & { regionCode: string }>;
    }>();
  };
  const inRegion = (prefix: string) => fixtures.filter((row) => row.regionCode.startsWith(prefix));
  const passUpFigures = async (as: SignedIn, regionCode?: string) => {
    const query = regionCode ? `&regionCode=${regionCode}` : '';
    return (await getAs(t.app, as, `/api/admin/review/region-submissions?taskId=${taskId}${query}`)).json<{
      own: { figures: Record<string, unknown> } | null;
      children: Array<{ regionCode: string; figures: Record<string, unknown> }>;
    }>();
  };

  it('shows each district the figures counted by hand, 按时上报 only among 已报', async () => {
    expect((await completeness(who.nanshan)).totals).toMatchObject(countByHand(inRegion('440305'), 'county'));
    const futian = (await completeness(who.futian)).totals;
    expect(futian).toMatchObject(countByHand(inRegion('440304'), 'county'));
    expect(futian).toMatchObject({ submitted: 1, onTime: 1, onTimeRate: 1 / 3 });
  });

  it('shows the city each district as the district sees it, and its own totals at its level', async () => {
    const city = await completeness(who.shenzhen);
    expect(city.totals).toMatchObject(countByHand(inRegion('4403'), 'city'));
    for (const code of ['440304', '440305']) {
      expect(city.children.find((child) => child.regionCode === code)).toMatchObject(
        countByHand(inRegion(code), 'county'),
      );
      expect((await completeness(who.shenzhen, code)).totals).toMatchObject(
        countByHand(inRegion(code), 'county'),
      );
    }
  });

  it('shows the province the same figures for the city and its districts, on the completeness and pass-up pages', async () => {
    const province = await completeness(who.guangdong);
    expect(province.totals).toMatchObject(countByHand(fixtures, 'province'));
    expect(province.children).toEqual([
      expect.objectContaining({ regionCode: '440300', ...countByHand(inRegion('4403'), 'city') }),
    ]);
    expect((await completeness(who.guangdong, '440305')).totals).toMatchObject(
      countByHand(inRegion('440305'), 'county'),
    );
    const cityPassUp = await passUpFigures(who.guangdong);
    expect(cityPassUp.children[0]!.figures).toMatchObject(countByHand(inRegion('4403'), 'city'));
    const districts = await passUpFigures(who.shenzhen);
    for (const code of ['440304', '440305']) {
      expect(districts.children.find((child) => child.regionCode === code)!.figures).toMatchObject(
        countByHand(inRegion(code), 'county'),
      );
    }
  });

  it('leaves 逾期 and 催报 to the enterprises still due, not the excused', async () => {
    const reminded = await sendAs(t.app, who.nanshan, 'POST', '/api/admin/completeness/reminders', {
      taskId,
    });
    expect(reminded.statusCode).toBe(200);
    expect(reminded.json().notified).toBe(
      inRegion('440305').filter(
        (row) => row.isObliged && !row.isExcused && row.status !== 'submitted' && row.status !== 'approved',
      ).length,
    );
  });

  it('counts the enterprises still to apply for a 省级 task apart from 应报, the same on both pages and at every level', async () => {
    const db = t.ctx.db;
    const provincial = await createTask(db, {
      ownerLevel: 'province',
      ownerRegionCode: '440000',
      name: '[省级]测试任务',
      period: '2026-07',
    });
    const enterprises = await db
      .selectFrom('task_obligations')
      .innerJoin('enterprises', 'enterprises.id', 'task_obligations.enterprise_id')
      .select(['enterprises.id', 'enterprises.name', 'enterprises.region_code'])
      .where('task_obligations.task_id', '=', provincial.id)
      .orderBy('enterprises.name')
      .execute();
    const nanshan = enterprises.filter((row) => row.region_code === '440305');
    const [applied, filed, pending] = nanshan;
    const adminId = (
      await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()
    ).id;
    for (const [enterprise, status] of [
      [applied!, 'approved'],
      [pending!, 'pending'],
    ] as const) {
      await db
        .insertInto('task_applications')
        .values({
          task_id: provincial.id,
          enterprise_id: enterprise.id,
          status,
          applied_by: adminId,
          applied_at: new Date(),
        })
        .execute();
    }
    await createFiling(db, { taskId: provincial.id, enterpriseId: filed!.id, status: 'submitted' });

    // By hand: in 南山 the two that applied (one of them filed) are 应报, the rest wait to apply.
    const district = { expected: 2, submitted: 1, awaitingApplication: nanshan.length - 2 };
    const futian = enterprises.filter((row) => row.region_code === '440304').length;
    const totals = async (as: SignedIn, regionCode?: string) => {
      const query = regionCode ? `&regionCode=${regionCode}` : '';
      return (await getAs(t.app, as, `/api/admin/completeness?taskId=${provincial.id}${query}`)).json<{
        totals: Record<string, unknown>;
        enterprises: Array<Record<string, unknown>>;
      }>();
    };
    const atDistrict = await totals(who.nanshan);
    expect(atDistrict.totals).toMatchObject({ ...district, notSubmitted: 1, overdue: 0 });
    expect(atDistrict.enterprises.filter((row) => row.isAwaitingApplication)).toHaveLength(
      nanshan.length - 2,
    );
    expect((await totals(who.guangdong, '440305')).totals).toMatchObject(district);
    expect((await totals(who.shenzhen)).totals).toMatchObject({
      expected: 2,
      awaitingApplication: nanshan.length - 2 + futian,
    });
    const passUp = (
      await getAs(t.app, who.shenzhen, `/api/admin/review/region-submissions?taskId=${provincial.id}`)
    ).json<{ children: Array<{ regionCode: string; figures: Record<string, unknown> }> }>();
    expect(passUp.children.find((child) => child.regionCode === '440305')!.figures).toMatchObject(district);
    expect(passUp.children.find((child) => child.regionCode === '440304')!.figures).toMatchObject({
      expected: 0,
      awaitingApplication: futian,
    });
    // Only 应报 holds a pass-up back: the district is refused for the two that applied, not those still to apply.
    const refused = await sendAs(t.app, who.nanshan, 'POST', '/api/admin/review/region-submissions', {
      taskId: provincial.id,
    });
    expect(refused.json().code).toBe('PASS_UP_INCOMPLETE');
    expect(
      refused
        .json()
        .invalidParams.map((param: { name: string }) => param.name)
        .sort(),
    ).toEqual([`enterprises.${applied!.id}`, `enterprises.${filed!.id}`].sort());
    // Excused, the district passes up: its snapshot keeps 待申请 apart (the audit row records it too).
    for (const enterprise of [applied!, filed!]) {
      const excused = await sendAs(t.app, who.nanshan, 'POST', '/api/admin/review/excusals', {
        taskId: provincial.id,
        enterpriseId: enterprise.id,
        reason: 'closed',
      });
      expect(excused.statusCode, excused.body).toBeLessThan(300);
    }
    const passed = await sendAs(t.app, who.nanshan, 'POST', '/api/admin/review/region-submissions', {
      taskId: provincial.id,
    });
    expect(passed.statusCode, passed.body).toBe(200);
    expect(passed.json().snapshot.figures).toMatchObject({
      expected: 2,
      excused: 2,
      awaitingApplication: nanshan.length - 2,
    });
  });
});
