import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveCaptcha } from '../test/account-flows.ts';
import { createAdmin, createEnterprise, createFiler, userIdOf } from '../test/factories.ts';
import { createTestApp, getAs, readSmsCode, signIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

describe.each(databaseKinds)('SMS login, lockout and captcha on %s', (kind) => {
  let t: TestApp;
  let region: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    region = '440305';
  });
  afterAll(() => t.close());

  async function newFiler() {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: region });
    return createFiler(t.ctx.db, enterprise);
  }

  function requestCode(payload: Record<string, string>) {
    return t.app.inject({ method: 'POST', url: '/api/session/sms-code', payload });
  }

  function logIn(payload: Record<string, string>) {
    return t.app.inject({ method: 'POST', url: '/api/session', payload });
  }

  function withClockAt<T>(offsetMs: number, run: () => Promise<T>): Promise<T> {
    const realNow = t.ctx.now;
    t.ctx.now = () => new Date(Date.now() + offsetMs);
    return run().finally(() => {
      t.ctx.now = realNow;
    });
  }

  it('texts a 6-digit code to the registered mobile and logs in with password and code', async () => {
    const filer = await newFiler();
    const sent = await requestCode(filer);
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({
      maskedMobile: expect.stringMatching(/^139\*{4}\d{4}$/),
      expiresInSeconds: 300,
      resendAfterSeconds: 60,
    });
    const smsCode = await readSmsCode(t.app, { username: filer.username });
    const response = await logIn({ ...filer, smsCode });
    expect(response.statusCode).toBe(200);
    const cookie = response.headers['set-cookie'] as string;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(response.json().user.username).toBe(filer.username);
  });

  it('asks for the code when only the password is given, and refuses a reused code', async () => {
    const filer = await newFiler();
    await requestCode(filer);
    const noCode = await logIn(filer);
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().invalidParams).toEqual([{ name: 'smsCode', reason: '请输入短信验证码' }]);
    const smsCode = await readSmsCode(t.app, { username: filer.username });
    expect((await logIn({ ...filer, smsCode })).statusCode).toBe(200);
    const reused = await logIn({ ...filer, smsCode });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().invalidParams).toEqual([
      { name: 'smsCode', reason: '该短信验证码已使用过，请重新获取' },
    ]);
  });

  it('refuses an expired code and a wrong one, each saying so', async () => {
    const filer = await newFiler();
    await requestCode(filer);
    const smsCode = await readSmsCode(t.app, { username: filer.username });
    const wrongCode = smsCode === '000000' ? '111111' : '000000';
    const wrong = await logIn({ ...filer, smsCode: wrongCode });
    expect(wrong.json().invalidParams[0].reason).toBe('短信验证码错误，请核对短信后重新输入');
    const expired = await withClockAt(5 * 60_000 + 1000, () => logIn({ ...filer, smsCode }));
    expect(expired.statusCode).toBe(400);
    expect(expired.json().invalidParams[0].reason).toBe('短信验证码已过期（有效期5分钟），请重新获取');
  });

  it('throttles resending while the last code is unused, and supersedes the old code', async () => {
    const filer = await newFiler();
    await requestCode(filer);
    const first = await readSmsCode(t.app, { username: filer.username });
    const tooSoon = await requestCode(filer);
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json().detail).toMatch(/^验证码已发送，请\d+秒后再重新获取$/);
    const resent = await withClockAt(61_000, () => requestCode(filer));
    expect(resent.statusCode).toBe(200);
    const second = await readSmsCode(t.app, { username: filer.username });
    if (first !== second) {
      expect((await logIn({ ...filer, smsCode: first })).statusCode).toBe(400);
    }
    expect((await logIn({ ...filer, smsCode: second })).statusCode).toBe(200);
  });

  it('stops texting codes to an address that asked for more unused ones than SMS_IP_UNUSED_CODE_LIMIT', async () => {
    const limited = await createTestApp(kind, { smsIpUnusedCodeLimit: 2 });
    try {
      const ask = async () => {
        const enterprise = await createEnterprise(limited.ctx.db, { regionCode: region });
        const filer = await createFiler(limited.ctx.db, enterprise);
        return limited.app.inject({ method: 'POST', url: '/api/session/sms-code', payload: filer });
      };
      expect((await ask()).statusCode).toBe(200);
      expect((await ask()).statusCode).toBe(200);
      const third = await ask();
      expect(third.statusCode).toBe(429);
      expect(third.json().detail).toBe('当前网络获取验证码过于频繁，请稍后再试');
    } finally {
      await limited.close();
    }
  });

  it('asks for the image captcha after three failures and locks the name with growing delays', async () => {
    const filer = await newFiler();
    const wrong = { username: filer.username, password: 'Wrong@pass1' };
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const response = await requestCode(wrong);
      expect(response.statusCode).toBe(401);
      expect(response.json().invalidParams).toBeUndefined();
    }
    const third = await requestCode(wrong);
    expect(third.json()).toMatchObject({ detail: '用户名或密码错误', invalidParams: [{ name: 'captcha' }] });
    const withoutCaptcha = await requestCode(filer);
    expect(withoutCaptcha.statusCode).toBe(400);
    expect(withoutCaptcha.json().invalidParams[0]).toEqual({ name: 'captcha', reason: '请输入图形验证码' });

    // Failures 4 and 5 (with captchas); the fifth locks the name for a minute, even for the right password.
    for (let attempt = 4; attempt <= 5; attempt += 1) {
      expect((await requestCode({ ...wrong, ...(await solveCaptcha(t.app)) })).statusCode).toBe(401);
    }
    const locked = await requestCode({ ...filer, ...(await solveCaptcha(t.app)) });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().detail).toMatch(/^连续登录失败5次，账号已临时锁定，请1分钟后再试/);

    // After the minute, one more failure locks for two minutes.
    const sixth = await withClockAt(61_000, async () =>
      requestCode({ ...wrong, ...(await solveCaptcha(t.app)) }),
    );
    expect(sixth.statusCode).toBe(401);
    const lockedLonger = await withClockAt(62_000, async () =>
      requestCode({ ...filer, ...(await solveCaptcha(t.app)) }),
    );
    expect(lockedLonger.json().detail).toMatch(/请2分钟后再试/);

    // Past the lock, the right password, captcha and code get in, and the count starts again.
    const later = await withClockAt(4 * 60_000, async () =>
      requestCode({ ...filer, ...(await solveCaptcha(t.app)) }),
    );
    expect(later.statusCode).toBe(200);
    const smsCode = await readSmsCode(t.app, { username: filer.username });
    // The second step asks for a captcha too, as long as the name has recent failures.
    const loggedIn = await withClockAt(4 * 60_000, async () =>
      logIn({ ...filer, smsCode, ...(await solveCaptcha(t.app)) }),
    );
    expect(loggedIn.statusCode).toBe(200);
    expect((await requestCode(wrong)).json().invalidParams).toBeUndefined();
  });

  it('evaluates at most the allowed number of wrong passwords sent all at once', async () => {
    const filer = await newFiler();
    const wrong = { username: filer.username, password: 'Wrong@pass1' };
    // Without captchas, three are evaluated; every other one is asked for the captcha.
    const burst = await Promise.all(Array.from({ length: 100 }, () => requestCode(wrong)));
    const evaluated = burst.filter((response) => response.statusCode === 401);
    expect(evaluated.length).toBeLessThanOrEqual(3);
    for (const response of burst.filter((answer) => answer.statusCode !== 401)) {
      expect(response.statusCode).toBe(400);
      expect(response.json().invalidParams).toEqual([{ name: 'captcha', reason: '请输入图形验证码' }]);
    }
    // With a solved captcha each, five in all are evaluated before the name is locked from this address.
    const captchas = await Promise.all(Array.from({ length: 30 }, () => solveCaptcha(t.app)));
    const solvedBurst = await Promise.all(captchas.map((captcha) => logIn({ ...wrong, ...captcha })));
    const evaluatedInAll =
      evaluated.length + solvedBurst.filter((response) => response.statusCode === 401).length;
    expect(evaluatedInAll).toBeLessThanOrEqual(5);
    expect(solvedBurst.filter((response) => response.statusCode === 429).length).toBeGreaterThan(0);
    const failedLogins = await t.ctx.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('action', '=', 'account.login_failed')
      .where('subject_id', '=', await userIdOf(t.ctx.db, filer.username))
      .executeTakeFirstOrThrow();
    expect(Number(failedLogins.count)).toBe(evaluatedInAll);
  });

  it('asks for the captcha on both steps once required, answering a right and a wrong password alike', async () => {
    const filer = await newFiler();
    await requestCode(filer);
    const smsCode = await readSmsCode(t.app, { username: filer.username });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await requestCode({ username: filer.username, password: 'Wrong@pass1' });
    }
    const answers = await Promise.all([
      requestCode(filer),
      requestCode({ username: filer.username, password: 'Wrong@pass2' }),
      logIn({ ...filer, smsCode }),
      logIn({ username: filer.username, password: 'Wrong@pass2', smsCode }),
    ]);
    for (const answer of answers) {
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        detail: '请输入图形验证码',
        invalidParams: [{ name: 'captcha', reason: '请输入图形验证码' }],
      });
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    // The code was not used up by the refused attempts: with a captcha, it still logs in.
    expect((await logIn({ ...filer, smsCode, ...(await solveCaptcha(t.app)) })).statusCode).toBe(200);
  });

  it("lets an administrator in from the office while a stranger's failures lock only the stranger's address", async () => {
    const admin = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: region });
    const stranger = (payload: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/session/sms-code', payload, remoteAddress: '203.0.113.50' });
    const office = (url: string, payload: Record<string, string>) =>
      t.app.inject({ method: 'POST', url, payload, remoteAddress: '198.51.100.8' });
    const wrong = { username: admin.username, password: 'Wrong@pass1' };
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const captcha = attempt > 3 ? await solveCaptcha(t.app) : {};
      expect((await stranger({ ...wrong, ...captcha })).statusCode).toBe(401);
    }
    const locked = await stranger({ ...admin, ...(await solveCaptcha(t.app)) });
    expect(locked.statusCode).toBe(429);

    // The administrator solves the captcha the name now asks for, and gets in from the office.
    const sent = await office('/api/session/sms-code', { ...admin, ...(await solveCaptcha(t.app)) });
    expect(sent.statusCode).toBe(200);
    const smsCode = await readSmsCode(t.app, { username: admin.username });
    const loggedIn = await office('/api/session', { ...admin, smsCode, ...(await solveCaptcha(t.app)) });
    expect(loggedIn.statusCode).toBe(200);
    // Logging in at the office does not lift the stranger's lock.
    expect((await stranger({ ...wrong, ...(await solveCaptcha(t.app)) })).statusCode).toBe(429);
  });

  it('treats unknown usernames the same way, so lockout reveals nothing', async () => {
    const ghost = { username: 'nobody-at-all', password: 'Wrong@pass1' };
    for (let attempt = 1; attempt <= 3; attempt += 1) await requestCode(ghost);
    const fourth = await requestCode(ghost);
    expect(fourth.json().invalidParams[0].name).toBe('captcha');
  });

  it('records logins and failed logins with the IP address', async () => {
    const filer = await newFiler();
    await requestCode({ username: filer.username, password: 'Wrong@pass1' });
    const who = await signIn(t.app, filer.username, filer.password);
    const userId = (await getAs(t.app, who, '/api/session')).json().user.id;
    const rows = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'ip_address', 'region_code'])
      .where('subject_id', '=', userId)
      .orderBy('created_at')
      .execute();
    expect(rows).toEqual([
      { action: 'account.login_failed', ip_address: '127.0.0.1', region_code: region },
      { action: 'account.login', ip_address: '127.0.0.1', region_code: region },
    ]);
  });

  it('logs out everywhere', async () => {
    const filer = await newFiler();
    const laptop = await signIn(t.app, filer.username, filer.password);
    const phone = await signIn(t.app, filer.username, filer.password);
    const response = await t.app.inject({
      method: 'DELETE',
      url: '/api/sessions',
      headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrfToken },
    });
    expect(response.statusCode).toBe(204);
    expect((await getAs(t.app, laptop, '/api/session')).statusCode).toBe(401);
    expect((await getAs(t.app, phone, '/api/session')).statusCode).toBe(401);
  });

  it('marks the cookie Secure when the request came over TLS through a trusted proxy', async () => {
    const proxied = await createTestApp(kind, { trustProxy: true });
    try {
      const enterprise = await createEnterprise(proxied.ctx.db, { regionCode: region });
      const filer = await createFiler(proxied.ctx.db, enterprise);
      await proxied.app.inject({ method: 'POST', url: '/api/session/sms-code', payload: filer });
      const smsCode = await readSmsCode(proxied.app, { username: filer.username });
      const response = await proxied.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { ...filer, smsCode },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(response.headers['set-cookie']).toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });
});

describe.each(databaseKinds)('SMS providers on %s', (kind) => {
  it('posts codes to the configured HTTP gateway, and has no outbox then', async () => {
    const received: Array<{ body: { mobile: string; text: string }; authorization?: string }> = [];
    const gateway = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ body: JSON.parse(body), authorization: request.headers.authorization });
        response.writeHead(received.length === 1 ? 200 : 503).end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as AddressInfo;
    const t = await createTestApp(kind, {
      sms: { provider: 'http', url: `http://127.0.0.1:${port}/send`, token: 'gateway-secret' },
    });
    try {
      const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305' });
      const filer = await createFiler(t.ctx.db, enterprise);
      const sent = await t.app.inject({ method: 'POST', url: '/api/session/sms-code', payload: filer });
      expect(sent.statusCode).toBe(200);
      expect(received).toHaveLength(1);
      expect(received[0]!.authorization).toBe('Bearer gateway-secret');
      expect(received[0]!.body.text).toMatch(/您的登录验证码为\d{6}，5分钟内有效/);
      const code = received[0]!.body.text.match(/\d{6}/)![0];
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/session', payload: { ...filer, smsCode: code } }))
          .statusCode,
      ).toBe(200);
      expect(t.app.routeCatalog.some((route) => route.url === '/api/dev/sms-outbox')).toBe(false);

      // A gateway failure is reported plainly, and does not hold back the next try.
      const other = await createFiler(t.ctx.db, enterprise);
      const failed = await t.app.inject({ method: 'POST', url: '/api/session/sms-code', payload: other });
      expect(failed.statusCode).toBe(503);
      expect(failed.json().detail).toBe('短信发送失败（短信网关返回 503），请稍后重试');
    } finally {
      await t.close();
      gateway.close();
    }
  });

  it('has no development outbox nor captcha answers in production', async () => {
    const t = await createTestApp(kind, {
      environment: 'production',
      sms: { provider: 'http', url: 'http://127.0.0.1:9/unused', token: undefined },
    });
    try {
      expect(t.app.routeCatalog.filter((route) => route.url.startsWith('/api/dev/'))).toEqual([]);
      const captcha = await t.app.inject({ method: 'POST', url: '/api/captchas' });
      const id = captcha.json().captchaId;
      expect((await t.app.inject({ method: 'GET', url: `/api/dev/captchas/${id}` })).statusCode).not.toBe(
        200,
      );
    } finally {
      await t.close();
    }
  });
});
