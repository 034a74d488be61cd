import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildUscc } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, sampleFiles, solveCaptcha } from '../test/account-flows.ts';
import { createAdmin, createEnterprise, createFiler } from '../test/factories.ts';
import { createTestApp, getAs, readSmsCode, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { sessionCookieName } from './session-cookie.ts';

/**
 * What an attacker on another site or on the login form tries, and what must stop them. The basics
 * (a DELETE without the CSRF token, the per-name captcha and lockout) are in the account tests; these
 * are the remaining holes: a wrong or borrowed CSRF token, cross-site form posts, a planted session
 * cookie, spraying passwords from one address, guessing the SMS code.
 */
describe.each(databaseKinds)('web attacks on %s', (kind) => {
  let t: TestApp;
  let admin: { username: string; password: string };
  let nanshan: SignedIn;

  let siteDir: string;

  beforeAll(async () => {
    // The built web app in a folder with a secret beside it, for the path traversal attempts.
    siteDir = await mkdtemp(path.join(tmpdir(), 'zhibao-site-'));
    await mkdir(path.join(siteDir, 'dist', 'assets'), { recursive: true });
    await writeFile(path.join(siteDir, 'dist', 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(siteDir, 'secret.txt'), 'DATABASE_PASSWORD=hunter2');
    t = await createTestApp(kind, { loginIpFailureLimit: 6, webDistDir: path.join(siteDir, 'dist') });
    admin = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    nanshan = await signIn(t.app, admin.username, admin.password);
  });
  afterAll(async () => {
    await t.close();
    await rm(siteDir, { recursive: true, force: true });
  });

  let serial = 0;
  function newEnterpriseBody() {
    serial += 1;
    return {
      uscc: buildUscc({
        authority: '9',
        kind: '1',
        division: '440305',
        subject: `MA6C${String(serial).padStart(4, '0')}`,
      }),
      name: `跨站测试软件有限公司${serial}`,
      regionCode: '440305',
      legalRepresentative: '赵六',
      industryCode: '6513',
    };
  }

  async function directoryHas(name: string): Promise<boolean> {
    const query = new URLSearchParams({ keyword: name });
    const list = await getAs(t.app, nanshan, `/api/admin/enterprises?${query.toString()}`);
    return list.json<{ items: Array<{ name: string }> }>().items.some((item) => item.name === name);
  }

  describe('CSRF', () => {
    it('refuses a state change with a wrong token, or with the token of another session, and changes nothing', async () => {
      const other = await signIn(t.app, admin.username, admin.password);
      const body = newEnterpriseBody();
      for (const token of ['', 'x'.repeat(32), other.csrfToken]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/admin/enterprises',
          headers: { cookie: nanshan.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
          payload: body,
        });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({
          code: 'CSRF_REJECTED',
          detail: '请求校验失败，请刷新页面后重试',
        });
      }
      expect(await directoryHas(body.name)).toBe(false);

      const honest = await t.app.inject({
        method: 'POST',
        url: '/api/admin/enterprises',
        headers: { cookie: nanshan.cookie, 'x-csrf-token': nanshan.csrfToken },
        payload: body,
      });
      expect(honest.statusCode).toBe(201);
      expect(await directoryHas(body.name)).toBe(true);
    });

    it('needs the token on multipart uploads too, which a cross-site form could send', async () => {
      const filer = await createFiler(t.ctx.db, await createEnterprise(t.ctx.db, { regionCode: '440305' }));
      const who = await signIn(t.app, filer.username, filer.password);
      const upload = multipart(
        { kind: 'identity_document' },
        { file: { fileName: 'id.pdf', content: sampleFiles.pdf } },
      );
      const forged = await t.app.inject({
        method: 'POST',
        url: '/api/account/documents',
        payload: upload.payload,
        headers: { ...upload.headers, cookie: who.cookie },
      });
      expect(forged.statusCode).toBe(403);
      expect(forged.json().code).toBe('CSRF_REJECTED');
    });

    it('does not log anybody in from a cross-site form post (urlencoded or text/plain)', async () => {
      const filer = await createFiler(t.ctx.db, await createEnterprise(t.ctx.db, { regionCode: '440305' }));
      const urlencoded = await t.app.inject({
        method: 'POST',
        url: '/api/session/sms-code',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(filer).toString(),
      });
      expect(urlencoded.statusCode).toBe(415);
      expect(urlencoded.headers['content-type']).toMatch(/^application\/problem\+json/);

      // A text/plain form can carry a JSON-looking body; it must stay a string and be refused.
      const textPlain = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { 'content-type': 'text/plain' },
        payload: JSON.stringify({ ...filer, smsCode: '123456' }),
      });
      expect(textPlain.statusCode).toBe(400);
      expect(textPlain.headers['set-cookie']).toBeUndefined();
    });

    it('sets the session cookie HttpOnly and SameSite=Lax, so scripts and cross-site requests do not get it', async () => {
      const filer = await createFiler(t.ctx.db, await createEnterprise(t.ctx.db, { regionCode: '440305' }));
      await t.app.inject({ method: 'POST', url: '/api/session/sms-code', payload: filer });
      const smsCode = await readSmsCode(t.app, { username: filer.username });
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { ...filer, smsCode },
      });
      const cookie = login.cookies.find((c) => c.name === sessionCookieName);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    });
  });

  describe('session fixation', () => {
    async function logInWithCookie(user: { username: string; password: string }, cookie: string) {
      await t.app.inject({
        method: 'POST',
        url: '/api/session/sms-code',
        payload: user,
        headers: { cookie },
      });
      const smsCode = await readSmsCode(t.app, { username: user.username });
      return t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { ...user, smsCode },
        headers: { cookie },
      });
    }

    it('issues a new session at login instead of adopting a cookie the attacker planted', async () => {
      const filer = await createFiler(t.ctx.db, await createEnterprise(t.ctx.db, { regionCode: '440305' }));
      const planted = 'attacker-chosen-session-value-0123456789abcdef';
      const login = await logInWithCookie(filer, `${sessionCookieName}=${planted}`);
      expect(login.statusCode).toBe(200);
      const issued = login.cookies.find((c) => c.name === sessionCookieName)!.value;
      expect(issued).not.toBe(planted);

      const withPlanted = await t.app.inject({
        method: 'GET',
        url: '/api/session',
        headers: { cookie: `${sessionCookieName}=${planted}` },
      });
      expect(withPlanted.statusCode).toBe(401);
      const withIssued = await t.app.inject({
        method: 'GET',
        url: '/api/session',
        headers: { cookie: `${sessionCookieName}=${issued}` },
      });
      expect(withIssued.json().user.username).toBe(filer.username);
    });

    it("does not lift the attacker's own session to the victim's account when the victim logs in over it", async () => {
      const attacker = await createFiler(
        t.ctx.db,
        await createEnterprise(t.ctx.db, { regionCode: '440305' }),
      );
      const victim = await createFiler(t.ctx.db, await createEnterprise(t.ctx.db, { regionCode: '440305' }));
      const attackerSession = await signIn(t.app, attacker.username, attacker.password);
      const login = await logInWithCookie(victim, attackerSession.cookie);
      expect(login.statusCode).toBe(200);
      expect(login.cookies.find((c) => c.name === sessionCookieName)!.value).not.toBe(
        attackerSession.cookie.split('=')[1],
      );
      const stillAttacker = await getAs(t.app, attackerSession, '/api/session');
      expect(stillAttacker.json().user.username).toBe(attacker.username);
    });

    it('refuses a forged session cookie everywhere, without a server error', async () => {
      for (const forged of ['', 'x', 'a'.repeat(4096), '../../etc/passwd', "' or '1'='1", '%00%ff']) {
        const response = await t.app.inject({
          method: 'GET',
          url: '/api/admin/enterprises',
          headers: { cookie: `${sessionCookieName}=${forged}` },
        });
        expect(response.statusCode).toBe(401);
        expect(response.json().detail).toBe('登录已失效，请重新登录');
      }
    });
  });

  describe('brute-force login', () => {
    it('stops password spraying from one address across many names, while other addresses still log in', async () => {
      const sprayer = '203.0.113.7';
      const victims = await Promise.all(
        Array.from({ length: 3 }, async () =>
          createFiler(t.ctx.db, await createEnterprise(t.ctx.db, { regionCode: '440305' })),
        ),
      );
      // Two wrong passwords per name stay below every per-name captcha; six in all reach the address limit.
      for (const victim of victims) {
        for (const guess of ['Spring@2026', 'Summer@2026']) {
          const response = await t.app.inject({
            method: 'POST',
            url: '/api/session/sms-code',
            payload: { username: victim.username, password: guess },
            remoteAddress: sprayer,
          });
          expect(response.statusCode).toBe(401);
        }
      }
      const blocked = await t.app.inject({
        method: 'POST',
        url: '/api/session/sms-code',
        payload: victims[0],
        remoteAddress: sprayer,
      });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().detail).toBe('当前网络登录失败次数过多，请15分钟后再试');

      const fromElsewhere = await t.app.inject({
        method: 'POST',
        url: '/api/session/sms-code',
        payload: victims[0],
        remoteAddress: '198.51.100.20',
      });
      expect(fromElsewhere.statusCode).toBe(200);
    });

    it('lets nobody guess the 6-digit SMS code: wrong codes count as failed logins and lock the name after five', async () => {
      const filer = await createFiler(t.ctx.db, await createEnterprise(t.ctx.db, { regionCode: '440305' }));
      const send = (url: string, payload: Record<string, string>) =>
        t.app.inject({ method: 'POST', url, payload, remoteAddress: '198.51.100.30' });
      expect((await send('/api/session/sms-code', filer)).statusCode).toBe(200);
      const smsCode = await readSmsCode(t.app, { username: filer.username });
      const guesses = ['000000', '111111', '222222', '333333', '444444', '555555']
        .filter((guess) => guess !== smsCode)
        .slice(0, 5);
      for (const [index, guess] of guesses.entries()) {
        // From the fourth guess on, each needs a solved image captcha as well.
        const captcha = index >= 3 ? await solveCaptcha(t.app) : {};
        const wrong = await send('/api/session', { ...filer, smsCode: guess, ...captcha });
        expect(wrong.statusCode).toBe(400);
        expect(wrong.json().invalidParams[0]).toEqual({
          name: 'smsCode',
          reason: '短信验证码错误，请核对短信后重新输入',
        });
        if (index === 2) {
          const withoutCaptcha = await send('/api/session', { ...filer, smsCode });
          expect(withoutCaptcha.json().invalidParams[0]).toEqual({
            name: 'captcha',
            reason: '请输入图形验证码',
          });
        }
      }
      // Five guesses in a million, then even the right code is refused.
      const right = await send('/api/session', { ...filer, smsCode, ...(await solveCaptcha(t.app)) });
      expect(right.statusCode).toBe(429);
      expect(right.json().detail).toMatch(/^连续登录失败5次，账号已临时锁定/);
      expect(right.headers['set-cookie']).toBeUndefined();
    });
  });

  it('serves nothing outside the web app, however the path is spelled', async () => {
    for (const url of [
      '/../secret.txt',
      '/..%2Fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2F..%2Fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5Csecret.txt',
      '/secret.txt%00.html',
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBeLessThan(500);
      expect(response.body, url).not.toContain('hunter2');
    }
  });
});
