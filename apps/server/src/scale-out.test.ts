import { randomBytes } from 'node:crypto';
import { createSampleFiling, getEdition } from '@zhibao/survey';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedReferenceData } from './db/seed/seed.ts';
import { createAdmin, createEnterprise, createFiler, createTask } from './test/factories.ts';
import { call, logIn } from './test/http-session.ts';
import { startServerInstance, type ServerInstance } from './test/server-process.ts';
import { createTestApp, readSmsCode as readSmsCodeOf } from './test/test-app.ts';
import { databaseKinds } from './test/test-database.ts';

// Several stateless instances behind a load balancer share one PostgreSQL database: sessions, SMS codes,
// captchas, login throttling and optimistic locking must all live there, not in one process's memory.
// Two real server processes (src/main.ts) on two ports stand in for the instances. PGlite is embedded in
// one process, so only PostgreSQL runs this.

const monthlyValues = (seed: number) =>
  createSampleFiling(getEdition('2021'), { periodType: 'month', seed, monthIndex: 10 });

// Two Fastify applications in one process share modules, so this catches state kept per application but not
// module-level caches; the PostgreSQL tests below start separate processes for that.
describe.each(databaseKinds)('two application instances in one process on one %s database', (kind) => {
  it('keeps a session opened through one valid on the other, and a logout on either ends it on both', async () => {
    const t = await createTestApp(kind);
    const ping = async () => {};
    const other = await buildApp(t.ctx, { db: t.ctx.db, kind, ping, close: ping });
    try {
      const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305' });
      const account = await createFiler(t.ctx.db, enterprise);
      const codeRequest = await t.app.inject({
        method: 'POST',
        url: '/api/session/sms-code',
        payload: account,
      });
      expect(codeRequest.statusCode).toBe(200);
      const smsCode = await readSmsCodeOf(other, { username: account.username });
      const login = await other.inject({
        method: 'POST',
        url: '/api/session',
        payload: { ...account, smsCode },
      });
      expect(login.statusCode).toBe(200);
      const headers = {
        cookie: login.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; '),
        'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
      };
      expect((await t.app.inject({ method: 'GET', url: '/api/session', headers })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/session', headers })).statusCode).toBe(204);
      expect((await other.inject({ method: 'GET', url: '/api/session', headers })).statusCode).toBe(401);
    } finally {
      await other.close();
      await t.close();
    }
  });
});

for (const kind of databaseKinds.filter((databaseKind) => databaseKind === 'postgres')) {
  describe(`two server processes on one ${kind} database`, () => {
    const serverUrl = process.env.TEST_DATABASE_URL!;
    const name = `zhibao_scale_${randomBytes(6).toString('hex')}`;
    let a: ServerInstance;
    let b: ServerInstance;
    let taskId: string;
    const accounts: Record<string, { username: string; password: string }> = {};

    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      // Migrations run once before the instances start, as docs/deployment.md says.
      const handle = await openDatabase({ kind: 'postgres', url: url.toString() });
      try {
        await migrateToLatest(handle.db);
        await seedReferenceData(handle.db);
        taskId = (await createTask(handle.db, { period: '2026-10' })).id;
        const shared = await createEnterprise(handle.db, {
          regionCode: '440305',
          name: '南山双实例软件有限公司',
        });
        const other = await createEnterprise(handle.db, {
          regionCode: '440305',
          name: '南山另一家软件有限公司',
        });
        // One account per login: a mobile may ask for a new SMS code only once a minute.
        accounts.roaming = await createFiler(handle.db, shared);
        accounts.first = await createFiler(handle.db, shared);
        accounts.second = await createFiler(handle.db, shared);
        accounts.third = await createFiler(handle.db, shared);
        accounts.other = await createFiler(handle.db, other);
        accounts.nanshan = await createAdmin(handle.db, { adminLevel: 'county', regionCode: '440305' });
        accounts.throttled = await createFiler(handle.db, other);
      } finally {
        await handle.close();
      }
      // B reads 汇总 and 报送进度 through DATABASE_READ_URL, here the same database as its primary.
      const settings = { LOG_LEVEL: 'error', DEMO_DATA: 'false', WEB_DIST_DIR: '/nonexistent' };
      [a, b] = await Promise.all([
        startServerInstance({ databaseUrl: url.toString() }, settings),
        startServerInstance(
          { databaseUrl: url.toString() },
          { ...settings, DATABASE_READ_URL: url.toString() },
        ),
      ]);
    });

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      const cleaner = new pg.Client({ connectionString: serverUrl });
      await cleaner.connect();
      await cleaner.query(`drop database if exists ${name} with (force)`);
      await cleaner.end();
    });

    it('keeps a session opened on one process valid on the other, and a logout on either ends it on both', async () => {
      const session = await logIn(a, b, accounts.roaming!);
      const onA = await call(a, 'GET', '/api/session', { session });
      expect(onA.status).toBe(200);
      expect(onA.body.user.username).toBe(accounts.roaming!.username);

      const logout = await call(b, 'DELETE', '/api/session', { session });
      expect(logout.status).toBe(204);
      expect((await call(a, 'GET', '/api/session', { session })).status).toBe(401);
      expect((await call(b, 'GET', '/api/session', { session })).status).toBe(401);
    });

    it('counts failed logins and asks for the captcha across both processes', async () => {
      const wrong = { username: accounts.throttled!.username, password: 'Wrong@2026pass' };
      expect((await call(a, 'POST', '/api/session/sms-code', { body: wrong })).status).toBe(401);
      expect((await call(b, 'POST', '/api/session/sms-code', { body: wrong })).status).toBe(401);
      const third = await call(a, 'POST', '/api/session/sms-code', { body: wrong });
      expect(third.body.invalidParams).toEqual([
        { name: 'captcha', reason: '多次登录失败，请输入图形验证码' },
      ]);

      // The other process knows about the three failures: the right password alone is no longer enough.
      const withoutCaptcha = await call(b, 'POST', '/api/session/sms-code', { body: accounts.throttled });
      expect(withoutCaptcha.status).toBe(400);
      expect(withoutCaptcha.body.invalidParams[0].name).toBe('captcha');

      // A captcha drawn by A is answered through B.
      const captcha = await call(a, 'POST', '/api/captchas');
      const { answer } = (await call(a, 'GET', `/api/dev/captchas/${captcha.body.captchaId}`)).body;
      const withCaptcha = await call(b, 'POST', '/api/session/sms-code', {
        body: { ...accounts.throttled, captchaId: captcha.body.captchaId, captchaAnswer: answer },
      });
      expect(withCaptcha.status).toBe(200);
    });

    it('lets one of two filers saving the same filing through A and B at once win, and tells the other', async () => {
      const first = await logIn(a, a, accounts.first!);
      const second = await logIn(b, b, accounts.second!);
      const filingUrl = `/api/enterprise/tasks/${taskId}/filing`;
      const created = await call(a, 'PUT', filingUrl, {
        session: first,
        body: { version: null, values: monthlyValues(1) },
      });
      expect(created.status).toBe(200);
      const version = created.body.version as number;

      const [throughA, throughB] = await Promise.all([
        call(a, 'PUT', filingUrl, { session: first, body: { version, values: monthlyValues(2) } }),
        call(b, 'PUT', filingUrl, { session: second, body: { version, values: monthlyValues(3) } }),
      ]);
      expect([throughA.status, throughB.status].sort()).toEqual([200, 409]);
      const winner =
        throughA.status === 200 ? { seed: 2, response: throughA } : { seed: 3, response: throughB };
      const loser = throughA.status === 200 ? throughB : throughA;
      expect(loser.body.invalidParams).toEqual([{ name: 'version', reason: `当前版本为${version + 1}` }]);

      // Whoever reads it, through either process, sees the winner's values at the next version.
      for (const [server, session] of [
        [a, second],
        [b, first],
      ] as const) {
        const read = await call(server, 'GET', filingUrl, { session });
        expect(read.body.version).toBe(version + 1);
        expect(read.body.values).toEqual(monthlyValues(winner.seed));
      }
    });

    it('shows submissions made through either process in the county queue read through the other', async () => {
      const nanshan = await logIn(b, a, accounts.nanshan!);
      const other = await logIn(b, b, accounts.other!);
      const third = await logIn(a, a, accounts.third!);
      const filingUrl = `/api/enterprise/tasks/${taskId}/filing`;

      const current = await call(a, 'GET', filingUrl, { session: third });
      const viaA = await call(a, 'POST', `${filingUrl}/submit`, {
        session: third,
        body: { version: current.body.version, values: current.body.values, explanations: {} },
      });
      expect(viaA.status).toBe(200);
      const viaB = await call(b, 'POST', `${filingUrl}/submit`, {
        session: other,
        body: { version: null, values: monthlyValues(4), explanations: {} },
      });
      expect(viaB.status).toBe(200);

      const queueUrl = `/api/admin/review/queue?taskId=${taskId}`;
      for (const server of [a, b]) {
        const queue = await call(server, 'GET', queueUrl, { session: nanshan });
        expect(queue.status).toBe(200);
        const names = (queue.body.items as Array<{ enterpriseName: string }>).map(
          (item) => item.enterpriseName,
        );
        expect(names.sort()).toEqual(['南山双实例软件有限公司', '南山另一家软件有限公司'].sort());
      }

      // 汇总 with the submitted filings, through B's read handle and through A's primary alike.
      const aggregationUrl = `/api/admin/aggregation?taskId=${taskId}&includeSubmitted=true`;
      const [fromA, fromB] = await Promise.all([
        call(a, 'GET', aggregationUrl, { session: nanshan }),
        call(b, 'GET', aggregationUrl, { session: nanshan }),
      ]);
      expect(fromB.status).toBe(200);
      expect(fromB.body.filingCount).toBe(2);
      expect(fromB.body.indicators).toEqual(fromA.body.indicators);
    });
  });
}
