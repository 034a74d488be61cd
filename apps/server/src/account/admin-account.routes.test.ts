import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiler } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

describe.each(databaseKinds)('administrator accounts and the audit trail on %s', (kind) => {
  let t: TestApp;
  let ministry: SignedIn;
  let guangdong: SignedIn;
  let shenzhen: SignedIn;
  let chongqing: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const as = async (adminLevel: 'ministry' | 'province' | 'city', regionCode: string) => {
      const admin = await createAdmin(t.ctx.db, { adminLevel, regionCode });
      return signIn(t.app, admin.username, admin.password);
    };
    ministry = await as('ministry', '000000');
    guangdong = await as('province', '440000');
    shenzhen = await as('city', '440300');
    chongqing = await as('city', '500000');
  });
  afterAll(() => t.close());

  const newAdmin = (regionCode: string, username: string, mobile: string) => ({
    username,
    displayName: '南山区工信局',
    mobile,
    regionCode,
    password: 'Admin@2026x',
  });

  it('answers 409, not 500, to the same administrator created twice at once', async () => {
    const answers = await Promise.all(
      ['13500000901', '13500000902', '13500000903'].map((mobile) =>
        sendAs(t.app, shenzhen, 'POST', '/api/admin/accounts', newAdmin('440305', 'nanshanTwin', mobile)),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409, 409]);
    for (const answer of answers.filter((each) => each.statusCode === 409)) {
      expect(answer.json().invalidParams).toEqual([{ name: 'username', reason: '该登录名已被使用' }]);
    }
    // One number, two names at once: one account gets it.
    const sameNumber = await Promise.all(
      ['nanshanMobileA', 'nanshanMobileB'].map((username) =>
        sendAs(t.app, shenzhen, 'POST', '/api/admin/accounts', newAdmin('440305', username, '13500000904')),
      ),
    );
    expect(sameNumber.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
  });

  it('lets a city create a district administrator of its own districts only', async () => {
    const regions = (await getAs(t.app, shenzhen, '/api/admin/accounts/regions')).json().items;
    expect(regions).toContainEqual({ code: '440305', name: '南山区', adminLevel: 'county' });
    const created = await sendAs(
      t.app,
      shenzhen,
      'POST',
      '/api/admin/accounts',
      newAdmin('440305', 'nanshan2', '13500000001'),
    );
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      adminLevel: 'county',
      region: { code: '440305' },
      canManage: true,
    });
    // The new administrator logs in (password + SMS) and sees the 南山区 only.
    const nanshan = await signIn(t.app, 'nanshan2', 'Admin@2026x');
    expect((await getAs(t.app, nanshan, '/api/session')).json().user).toMatchObject({ adminLevel: 'county' });

    const foreign = await sendAs(
      t.app,
      chongqing,
      'POST',
      '/api/admin/accounts',
      newAdmin('440305', 'intruder', '13500000002'),
    );
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().invalidParams[0]).toEqual({
      name: 'regionCode',
      reason: '只能为本地区直接下级的地区创建管理员账号',
    });
    // Two levels down is not "the level above" either.
    const skipLevel = await sendAs(
      t.app,
      guangdong,
      'POST',
      '/api/admin/accounts',
      newAdmin('440305', 'skipper', '13500000003'),
    );
    expect(skipLevel.statusCode).toBe(403);
  });

  it('lets the ministry create a municipality administrator at 市 level', async () => {
    const created = await sendAs(t.app, ministry, 'POST', '/api/admin/accounts', {
      ...newAdmin('500000', 'chongqing2', '13500000011'),
      displayName: '重庆市经信委',
    });
    expect(created.json()).toMatchObject({ adminLevel: 'city', region: { name: '重庆市' } });
  });

  it('disables an administrator (signing them out) and shows it only to the level above', async () => {
    await sendAs(t.app, shenzhen, 'POST', '/api/admin/accounts', newAdmin('440306', 'baoan2', '13500000021'));
    const baoan = await signIn(t.app, 'baoan2', 'Admin@2026x');
    const listed = (await getAs(t.app, shenzhen, '/api/admin/accounts')).json().items;
    const target = listed.find((account: { username: string }) => account.username === 'baoan2');
    expect(target.canManage).toBe(true);

    const notTheirs = await sendAs(t.app, chongqing, 'PUT', `/api/admin/accounts/${target.id}/status`, {
      isDisabled: true,
    });
    expect(notTheirs.statusCode).toBe(404);
    expect(
      (await getAs(t.app, chongqing, '/api/admin/accounts'))
        .json()
        .items.map((a: { username: string }) => a.username),
    ).not.toContain('baoan2');
    // The province sees it but cannot manage it (it is the city's to manage).
    const byProvince = (await getAs(t.app, guangdong, '/api/admin/accounts'))
      .json()
      .items.find((a: { username: string }) => a.username === 'baoan2');
    expect(byProvince.canManage).toBe(false);
    expect(
      (await sendAs(t.app, guangdong, 'PUT', `/api/admin/accounts/${target.id}/status`, { isDisabled: true }))
        .statusCode,
    ).toBe(404);

    const disabled = await sendAs(t.app, shenzhen, 'PUT', `/api/admin/accounts/${target.id}/status`, {
      isDisabled: true,
    });
    expect(disabled.json()).toEqual({ id: target.id, isDisabled: true });
    expect((await getAs(t.app, baoan, '/api/session')).statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/session/sms-code',
      payload: { username: 'baoan2', password: 'Admin@2026x' },
    });
    expect(login.json().detail).toBe('该账号已被停用，请联系上级管理员');
  });

  it('shows the account audit trail of the region and below only', async () => {
    const shenzhenFirm = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const chongqingFirm = await createEnterprise(t.ctx.db, { regionCode: '500112' });
    const shenzhenFiler = await createFiler(t.ctx.db, shenzhenFirm);
    const chongqingFiler = await createFiler(t.ctx.db, chongqingFirm);
    await signIn(t.app, shenzhenFiler.username, shenzhenFiler.password);
    await signIn(t.app, chongqingFiler.username, chongqingFiler.password);

    const seen = (
      await getAs(t.app, shenzhen, '/api/admin/audit-events?action=account.login&pageSize=100')
    ).json();
    const regions = new Set(seen.items.map((event: { regionCode: string }) => event.regionCode.slice(0, 4)));
    expect(regions).toEqual(new Set(['4403']));
    expect(seen.items[0]).toMatchObject({
      action: 'account.login',
      ip: '127.0.0.1',
      actorUsername: expect.any(String),
    });
    const byChongqing = (await getAs(t.app, chongqing, '/api/admin/audit-events?pageSize=100')).json().items;
    expect(byChongqing.every((event: { regionCode: string }) => event.regionCode.startsWith('50'))).toBe(
      true,
    );
    expect(
      byChongqing.some((event: { actorUsername: string }) => event.actorUsername === chongqingFiler.username),
    ).toBe(true);
    const filerWho = await signIn(t.app, shenzhenFiler.username, shenzhenFiler.password);
    expect((await getAs(t.app, filerWho, '/api/admin/audit-events')).statusCode).toBe(403);
  });
});
