import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signInEach, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { sampleMonthlyValues } from '../test/sample-values.ts';

// April's values.
const sample = (seed: number): CellValues => sampleMonthlyValues(seed, 1, 3);

type LevelInput = { level: string; isEnabled: boolean; delegatedTo?: string | null; reviewDays: number };

const guangdongChain = (
  overrides: Partial<Record<string, Partial<LevelInput>>> = {},
): { levels: LevelInput[] } => ({
  levels: (['county', 'city', 'province', 'ministry'] as const).map((level) => ({
    level,
    isEnabled: true,
    delegatedTo: null,
    reviewDays: 5,
    ...overrides[level],
  })),
});

const chongqingChain = (days: Record<'county' | 'city' | 'ministry', number>): { levels: LevelInput[] } => ({
  levels: (['county', 'city', 'ministry'] as const).map((level) => ({
    level,
    isEnabled: true,
    reviewDays: days[level],
  })),
});

describe.each(databaseKinds)('review chains on %s', (kind) => {
  let t: TestApp;
  let who: Record<'miit' | 'guangdong' | 'shenzhen' | 'nanshan' | 'chongqing' | 'yubei' | 'filer', SignedIn>;
  let filerUserId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const enterprise = await createEnterprise(db, { regionCode: '440305', name: '南山链测试软件有限公司' });
    const accounts = {
      miit: await createAdmin(db, { adminLevel: 'ministry', regionCode: '000000' }),
      guangdong: await createAdmin(db, { adminLevel: 'province', regionCode: '440000' }),
      shenzhen: await createAdmin(db, { adminLevel: 'city', regionCode: '440300' }),
      nanshan: await createAdmin(db, { adminLevel: 'county', regionCode: '440305' }),
      chongqing: await createAdmin(db, { adminLevel: 'city', regionCode: '500000' }),
      yubei: await createAdmin(db, { adminLevel: 'county', regionCode: '500112' }),
      filer: await createFiler(db, enterprise),
    };
    filerUserId = await userIdOf(db, accounts.filer.username);
    who = await signInEach(t.app, accounts);
  });
  afterAll(() => t.close());

  async function submittedFiling(options: {
    taskId: string;
    regionCode: string;
    name: string;
    pendingLevel: 'county' | 'city';
  }) {
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: options.regionCode,
      name: options.name,
    });
    return createFiling(t.ctx.db, {
      taskId: options.taskId,
      enterpriseId: enterprise.id,
      status: 'submitted',
      pendingLevel: options.pendingLevel,
      values: sample(11),
      userId: filerUserId,
    });
  }

  it('shows the ministry every province and each other administrator only their own province', async () => {
    const all = (await getAs(t.app, who.miit, '/api/admin/review-chains')).json().items as Array<{
      provinceCode: string;
      canEdit: boolean;
      levels: Array<{ level: string; isEnabled: boolean; isRequired: boolean }>;
    }>;
    expect(all).toHaveLength(31);
    const chongqing = all.find((item) => item.provinceCode === '500000')!;
    expect(chongqing.canEdit).toBe(true);
    expect(chongqing.levels.map((level) => level.level)).toEqual(['county', 'city', 'ministry']);
    expect(all.find((item) => item.provinceCode === '440000')!.levels.map((level) => level.level)).toEqual([
      'county',
      'city',
      'province',
      'ministry',
    ]);

    const own = (await getAs(t.app, who.guangdong, '/api/admin/review-chains')).json().items;
    expect(own.map((item: { provinceCode: string }) => item.provinceCode)).toEqual(['440000']);
    expect(own[0].canEdit).toBe(false);
    expect((await getAs(t.app, who.nanshan, '/api/admin/review-chains/440000')).json().provinceName).toBe(
      '广东省',
    );
    expect((await getAs(t.app, who.guangdong, '/api/admin/review-chains/500000')).statusCode).toBe(404);
    expect((await getAs(t.app, who.yubei, '/api/admin/review-chains/440000')).statusCode).toBe(404);
    expect((await getAs(t.app, who.filer, '/api/admin/review-chains')).statusCode).toBe(403);
    expect((await getAs(t.app, who.filer, '/api/admin/review-chains/440000')).statusCode).toBe(403);
  });

  it('lets only the ministry change a chain', async () => {
    for (const as of [who.guangdong, who.shenzhen, who.nanshan, who.filer]) {
      const response = await sendAs(
        t.app,
        as,
        'PUT',
        '/api/admin/review-chains/440000',
        guangdongChain({ city: { isEnabled: false } }),
      );
      expect(response.statusCode).toBe(403);
    }
    const chain = (await getAs(t.app, who.miit, '/api/admin/review-chains/440000')).json();
    expect(chain.isDefault).toBe(true);
    expect(chain.levels.every((level: { isEnabled: boolean }) => level.isEnabled)).toBe(true);
  });

  it('keeps every chain starting at the 区县 and ending at the 部, naming the field at fault', async () => {
    const withoutCounty = await sendAs(
      t.app,
      who.miit,
      'PUT',
      '/api/admin/review-chains/440000',
      guangdongChain({ county: { isEnabled: false } }),
    );
    expect(withoutCounty.statusCode).toBe(400);
    expect(withoutCounty.json().invalidParams).toEqual([
      { name: 'levels.0.isEnabled', reason: '区县审核不能跳过：审核链须从区县开始、到部级结束' },
    ]);
    const withoutMinistry = await sendAs(
      t.app,
      who.miit,
      'PUT',
      '/api/admin/review-chains/440000',
      guangdongChain({ ministry: { isEnabled: false } }),
    );
    expect(withoutMinistry.json().invalidParams[0].name).toBe('levels.3.isEnabled');
    const provinceInMunicipality = await sendAs(
      t.app,
      who.miit,
      'PUT',
      '/api/admin/review-chains/500000',
      guangdongChain(),
    );
    expect(provinceInMunicipality.statusCode).toBe(400);
    expect(provinceInMunicipality.json().invalidParams).toEqual([
      { name: 'levels', reason: '应依次设置区县 → 市级 → 部级各级' },
    ]);
    const noDays = await sendAs(
      t.app,
      who.miit,
      'PUT',
      '/api/admin/review-chains/440000',
      guangdongChain({ city: { reviewDays: 0 } }),
    );
    expect(noDays.statusCode).toBe(400);
    expect(noDays.json().invalidParams[0].name).toBe('levels.1.reviewDays');
  });

  it('refuses to skip a level while filings wait there, then skips it and delegates the 区县, with an audit row', async () => {
    const { id: taskId } = await createTask(t.ctx.db, { period: '2026-05' });
    const waiting = await submittedFiling({
      taskId,
      regionCode: '440305',
      name: '南山等待市级软件有限公司',
      pendingLevel: 'city',
    });
    const refused = await sendAs(
      t.app,
      who.miit,
      'PUT',
      '/api/admin/review-chains/440000',
      guangdongChain({ city: { isEnabled: false } }),
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe('有1份报表正在等待市级审核，暂不能跳过市级；请先审核完这些报表再调整');
    expect(refused.json().invalidParams).toEqual([
      { name: 'levels.1.isEnabled', reason: '1份报表等待市级审核' },
    ]);

    const approved = await sendAs(
      t.app,
      who.shenzhen,
      'POST',
      `/api/admin/review/filings/${waiting.id}/approve`,
      {},
    );
    expect(approved.json().pendingLevel).toBe('province');

    const changed = await sendAs(
      t.app,
      who.miit,
      'PUT',
      '/api/admin/review-chains/440000',
      guangdongChain({
        county: { delegatedTo: '南山软件园', reviewDays: 3 },
        city: { isEnabled: false },
      }),
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      isDefault: false,
      levels: [
        { level: 'county', isEnabled: true, delegatedTo: '南山软件园', reviewDays: 3 },
        { level: 'city', isEnabled: false },
        { level: 'province', isEnabled: true, waitingFilings: 1 },
        { level: 'ministry', isEnabled: true },
      ],
    });
    const audit = await t.ctx.db
      .selectFrom('audit_events')
      .select(['details', 'actor_user_id'])
      .where('action', '=', 'review-chain.update')
      .where('subject_id', '=', '440000')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({
      from: { levels: ['county', 'city', 'province', 'ministry'] },
      to: { levels: ['county', 'province', 'ministry'], delegates: { county: '南山软件园' } },
    });

    // The province reads the new chain; a 区县 approval now goes straight to the province.
    const seenByProvince = (await getAs(t.app, who.guangdong, '/api/admin/review-chains/440000')).json();
    expect(seenByProvince.levels[1]).toMatchObject({ level: 'city', isEnabled: false });
    const fresh = await submittedFiling({
      taskId,
      regionCode: '440305',
      name: '南山跳过市级软件有限公司',
      pendingLevel: 'county',
    });
    const detail = (await getAs(t.app, who.nanshan, `/api/admin/review/filings/${fresh.id}`)).json();
    expect(detail).toMatchObject({ status: 'submitted', pendingLevel: 'county', delegatedTo: '南山软件园' });
    expect(detail.chain).toEqual([
      { level: 'county', delegatedTo: '南山软件园' },
      { level: 'province', delegatedTo: null },
      { level: 'ministry', delegatedTo: null },
    ]);
    const passed = await sendAs(
      t.app,
      who.nanshan,
      'POST',
      `/api/admin/review/filings/${fresh.id}/approve`,
      {},
    );
    expect(passed.json()).toMatchObject({ pendingLevel: 'province', delegatedTo: null });
  });

  it('shows each level its review deadline, flags 逾期未审, and shows a late pass-up to the level above', async () => {
    const days = { county: 2, city: 3, ministry: 5 };
    expect(
      (await sendAs(t.app, who.miit, 'PUT', '/api/admin/review-chains/500000', chongqingChain(days)))
        .statusCode,
    ).toBe(200);
    const closesAt = new Date(Date.now() - 3 * 86_400_000);
    const task = await createTask(t.ctx.db, {
      period: '2026-04',
      opensAt: new Date(Date.now() - 20 * 86_400_000),
      closesAt,
    });
    const filing = await submittedFiling({
      taskId: task.id,
      regionCode: '500112',
      name: '渝北逾期审核软件有限公司',
      pendingLevel: 'county',
    });
    const countyDeadline = new Date(closesAt.getTime() + days.county * 86_400_000).toISOString();
    const cityDeadline = new Date(closesAt.getTime() + (days.county + days.city) * 86_400_000).toISOString();

    const [item] = (await getAs(t.app, who.yubei, `/api/admin/review/queue?taskId=${task.id}`)).json().items;
    expect(item).toMatchObject({
      filingId: filing.id,
      reviewDeadline: countyDeadline,
      isReviewOverdue: true,
    });
    const completeness = (await getAs(t.app, who.yubei, `/api/admin/completeness?taskId=${task.id}`)).json();
    expect(completeness.reviewDeadline).toBe(countyDeadline);
    expect(completeness.totals.reviewOverdue).toBe(1);
    expect(completeness.enterprises).toEqual([
      expect.objectContaining({ name: '渝北逾期审核软件有限公司', isReviewOverdue: true }),
    ]);
    const cityCompleteness = (
      await getAs(t.app, who.chongqing, `/api/admin/completeness?taskId=${task.id}`)
    ).json();
    expect(cityCompleteness.reviewDeadline).toBe(cityDeadline);
    expect(cityCompleteness.totals.reviewOverdue).toBe(0);

    // The late review still passes; the city sees the filing with its own, later deadline.
    await sendAs(t.app, who.yubei, 'POST', `/api/admin/review/filings/${filing.id}/approve`, {});
    const [atCity] = (await getAs(t.app, who.chongqing, `/api/admin/review/queue?taskId=${task.id}`)).json()
      .items;
    expect(atCity).toMatchObject({ reviewDeadline: cityDeadline, isReviewOverdue: false });

    const passedUp = await sendAs(t.app, who.yubei, 'POST', '/api/admin/review/region-submissions', {
      taskId: task.id,
    });
    expect(passedUp.statusCode).toBe(200);
    expect(passedUp.json()).toMatchObject({ isLate: true, deadline: countyDeadline });
    const cityView = (
      await getAs(t.app, who.chongqing, `/api/admin/review/region-submissions?taskId=${task.id}`)
    ).json();
    expect(cityView.children).toEqual([
      expect.objectContaining({ regionName: '渝北区', isLate: true, deadline: countyDeadline }),
    ]);
    const audit = await t.ctx.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'region.submit')
      .where('region_code', '=', '500112')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ isLate: true, deadline: countyDeadline });
  });
});
