import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiler, mobileOf, userIdOf } from '../test/factories.ts';
import {
  createTestApp,
  drainOutbox,
  getAs,
  readSmsCode,
  sendAs,
  signIn,
  type SignedIn,
  type TestApp,
} from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

describe.each(databaseKinds)('更换手机号 when the old phone is lost, on %s', (kind) => {
  let t: TestApp;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const freshMobile = () =>
    `137${String(Date.now() % 1e6).padStart(6, '0')}${String((serial += 1)).padStart(2, '0')}`;

  /** An enterprise of 南山区 with its account manager and one more filer, both signed in. */
  async function enterpriseWithManager() {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const managerAccount = await createFiler(t.ctx.db, enterprise);
    const filerAccount = await createFiler(t.ctx.db, enterprise);
    await t.ctx.db
      .updateTable('users')
      .set({ is_enterprise_manager: true })
      .where('username', '=', managerAccount.username)
      .execute();
    return {
      enterprise,
      manager: await signIn(t.app, managerAccount.username, managerAccount.password),
      managerId: await userIdOf(t.ctx.db, managerAccount.username),
      filer: await signIn(t.app, filerAccount.username, filerAccount.password),
      filerAccount,
      filerId: await userIdOf(t.ctx.db, filerAccount.username),
    };
  }

  async function resetThrough(who: SignedIn, base: string, userId: string, newMobile: string) {
    const sent = await sendAs(t.app, who, 'POST', `${base}/${userId}/mobile/sms-code`, { newMobile });
    expect(sent.statusCode).toBe(200);
    const newMobileCode = await readSmsCode(t.app, { mobile: newMobile });
    return sendAs(t.app, who, 'PUT', `${base}/${userId}/mobile`, { newMobile, newMobileCode });
  }

  it("lets the manager set a filer's new number once it answered a code; recorded, notified, signed out", async () => {
    const { manager, filer, filerAccount, filerId } = await enterpriseWithManager();
    const newMobile = freshMobile();
    const done = await resetThrough(manager, '/api/account/enterprise-accounts', filerId, newMobile);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ maskedMobile: `${newMobile.slice(0, 3)}****${newMobile.slice(-4)}` });

    // The filer's sessions ended (the lost phone may hold one); the new number receives the login code.
    expect((await getAs(t.app, filer, '/api/session')).statusCode).toBe(401);
    await signIn(t.app, filerAccount.username, filerAccount.password);
    expect(await readSmsCode(t.app, { mobile: newMobile })).toMatch(/^\d{6}$/);

    const [audit] = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'details', 'actor_user_id'])
      .where('subject_id', '=', filerId)
      .where('action', '=', 'account.mobile_reset')
      .execute();
    expect(audit).toMatchObject({ details: { by: 'manager', to: expect.stringMatching(/\*{4}/) } });

    await drainOutbox(t.ctx);
    const notices = (await getAs(t.app, manager, '/api/enterprise/notices')).json().items;
    expect(notices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ title: `账号 ${filerAccount.username} 的登录手机号已更换` }),
      ]),
    );
  });

  it('refuses a wrong code, naming the field, and changes nothing', async () => {
    const { manager, filerId } = await enterpriseWithManager();
    const newMobile = freshMobile();
    await sendAs(t.app, manager, 'POST', `/api/account/enterprise-accounts/${filerId}/mobile/sms-code`, {
      newMobile,
    });
    const code = await readSmsCode(t.app, { mobile: newMobile });
    const wrong = await sendAs(t.app, manager, 'PUT', `/api/account/enterprise-accounts/${filerId}/mobile`, {
      newMobile,
      newMobileCode: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().invalidParams[0].name).toBe('newMobileCode');
    expect(await mobileOf(t.ctx.db, { id: filerId })).not.toBe(newMobile);
  });

  it("refuses the manager's own number and another enterprise's account; the district does the manager's", async () => {
    const { manager, managerId } = await enterpriseWithManager();
    const other = await enterpriseWithManager();
    const own = await sendAs(
      t.app,
      manager,
      'POST',
      `/api/account/enterprise-accounts/${managerId}/mobile/sms-code`,
      {
        newMobile: freshMobile(),
      },
    );
    expect(own.statusCode).toBe(409);
    expect(own.json().detail).toMatch(/联系所在地区管理员/);
    const foreign = await sendAs(
      t.app,
      manager,
      'POST',
      `/api/account/enterprise-accounts/${other.filerId}/mobile/sms-code`,
      { newMobile: freshMobile() },
    );
    expect(foreign.statusCode).toBe(404);
    // A plain filer cannot do it at all.
    const byFiler = await sendAs(
      t.app,
      other.filer,
      'POST',
      `/api/account/enterprise-accounts/${other.managerId}/mobile/sms-code`,
      { newMobile: freshMobile() },
    );
    expect(byFiler.statusCode).toBe(403);

    const nanshanAccount = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    const nanshan = await signIn(t.app, nanshanAccount.username, nanshanAccount.password);
    const yubeiAccount = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '500112' });
    const yubei = await signIn(t.app, yubeiAccount.username, yubeiAccount.password);
    const outside = await sendAs(
      t.app,
      yubei,
      'POST',
      `/api/admin/enterprise-accounts/${managerId}/mobile/sms-code`,
      {
        newMobile: freshMobile(),
      },
    );
    expect(outside.statusCode).toBe(404);
    const done = await resetThrough(nanshan, '/api/admin/enterprise-accounts', managerId, freshMobile());
    expect(done.statusCode).toBe(200);
    expect((await getAs(t.app, manager, '/api/session')).statusCode).toBe(401);
    const [audit] = await t.ctx.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('subject_id', '=', managerId)
      .where('action', '=', 'account.mobile_reset')
      .execute();
    expect(audit?.details).toMatchObject({ by: 'administrator' });
  });
});
