import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveCaptcha } from '../test/account-flows.ts';
import { createEnterprise, createFiler, mobileOf, userIdOf } from '../test/factories.ts';
import { createTestApp, getAs, readSmsCode, signIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

describe.each(databaseKinds)('忘记密码 by SMS on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  async function newFiler() {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const filer = await createFiler(t.ctx.db, enterprise);
    return { ...filer, mobile: await mobileOf(t.ctx.db, { username: filer.username }) };
  }

  async function requestCode(payload: Record<string, string>) {
    return t.app.inject({
      method: 'POST',
      url: '/api/password-reset/sms-code',
      payload: { ...payload, ...(await solveCaptcha(t.app)) },
    });
  }

  function reset(payload: Record<string, string>) {
    return t.app.inject({ method: 'POST', url: '/api/password-reset', payload });
  }

  async function textsTo(mobile: string): Promise<number> {
    const response = await t.app.inject({ method: 'GET', url: `/api/dev/sms-outbox?mobile=${mobile}` });
    return response.json<{ items: unknown[] }>().items.length;
  }

  const newPassword = 'Fresh#Pass2026';

  it('texts a code to the registered mobile, sets a new password and ends every session', async () => {
    const filer = await newFiler();
    const session = await signIn(t.app, filer.username, filer.password);
    const sent = await requestCode({ username: filer.username, mobile: filer.mobile });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({
      maskedMobile: `${filer.mobile.slice(0, 3)}****${filer.mobile.slice(-4)}`,
      expiresInSeconds: 300,
      resendAfterSeconds: 60,
    });
    const smsCode = await readSmsCode(t.app, { mobile: filer.mobile });
    const done = await reset({ username: filer.username, mobile: filer.mobile, smsCode, newPassword });
    expect(done.statusCode).toBe(204);

    expect((await getAs(t.app, session, '/api/session')).statusCode).toBe(401);
    await expect(signIn(t.app, filer.username, filer.password)).rejects.toThrow(/failed/);
    await expect(signIn(t.app, filer.username, newPassword)).resolves.toMatchObject({
      cookie: expect.any(String),
    });
    const audit = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', await userIdOf(t.ctx.db, filer.username))
      .where('action', '=', 'account.password_reset')
      .execute();
    expect(audit).toEqual([
      { action: 'account.password_reset', details: expect.objectContaining({ endedSessions: 1 }) },
    ]);
  });

  it('answers alike for an unknown username or a number that is not the account’s, and texts nothing', async () => {
    const filer = await newFiler();
    const other = await newFiler();
    const third = await newFiler();
    const unknownUser = await requestCode({ username: 'nobody-here', mobile: other.mobile });
    const wrongNumber = await requestCode({ username: filer.username, mobile: third.mobile });
    for (const [response, mobile] of [
      [unknownUser, other.mobile],
      [wrongNumber, third.mobile],
    ] as const) {
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        maskedMobile: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`,
        expiresInSeconds: 300,
        resendAfterSeconds: 60,
      });
      expect(await textsTo(mobile)).toBe(0);
    }
    // Asked again at once, a real and a made-up pair are both told to wait.
    const again = await requestCode({ username: 'nobody-here', mobile: other.mobile });
    expect(again.statusCode).toBe(429);
    const refused = await reset({
      username: filer.username,
      mobile: third.mobile,
      smsCode: '123456',
      newPassword,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().invalidParams).toEqual([
      { name: 'smsCode', reason: '短信验证码错误，请核对短信后重新输入' },
    ]);
  });

  it('always asks for the image captcha before texting a code', async () => {
    const filer = await newFiler();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/password-reset/sms-code',
      payload: { username: filer.username, mobile: filer.mobile },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().invalidParams).toEqual([{ name: 'captcha', reason: '请输入图形验证码' }]);
    expect(await textsTo(filer.mobile)).toBe(0);
  });

  it('refuses a password against the policy, naming the field, and keeps the code for a second try', async () => {
    const filer = await newFiler();
    await requestCode({ username: filer.username, mobile: filer.mobile });
    const smsCode = await readSmsCode(t.app, { mobile: filer.mobile });
    const weak = await reset({
      username: filer.username,
      mobile: filer.mobile,
      smsCode,
      newPassword: 'short1',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().invalidParams).toEqual([{ name: 'newPassword', reason: '密码至少8位' }]);
    const done = await reset({ username: filer.username, mobile: filer.mobile, smsCode, newPassword });
    expect(done.statusCode).toBe(204);
  });

  it('shares the login lock: wrong codes ask for the captcha, then lock the name from this address', async () => {
    const filer = await newFiler();
    await requestCode({ username: filer.username, mobile: filer.mobile });
    const smsCode = await readSmsCode(t.app, { mobile: filer.mobile });
    const wrongCode = smsCode === '000000' ? '111111' : '000000';
    const base = { username: filer.username, mobile: filer.mobile, newPassword };
    // The code request counted once; two wrong codes make three failures, so the next try needs a captcha.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await reset({ ...base, smsCode: wrongCode })).statusCode).toBe(400);
    }
    const noCaptcha = await reset({ ...base, smsCode });
    expect(noCaptcha.json().invalidParams).toEqual([{ name: 'captcha', reason: '请输入图形验证码' }]);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await reset({ ...base, smsCode: wrongCode, ...(await solveCaptcha(t.app)) });
    }
    const locked = await reset({ ...base, smsCode, ...(await solveCaptcha(t.app)) });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().detail).toMatch(/账号已临时锁定/);
    // The login of that name from this address is locked too: the reset is no way around the lock.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/session/sms-code',
      payload: { username: filer.username, password: filer.password, ...(await solveCaptcha(t.app)) },
    });
    expect(login.statusCode).toBe(429);
  });
});
