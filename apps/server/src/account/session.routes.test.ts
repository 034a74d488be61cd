import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createFiler } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

describe.each(databaseKinds)('sessions on %s', (kind) => {
  let t: TestApp;
  let filer: { username: string; password: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '深圳市测试软件有限公司',
    });
    filer = await createFiler(t.ctx.db, enterprise);
  });
  afterAll(() => t.close());

  it('logs a filer in and shows who they are', async () => {
    const who = await signIn(t.app, filer.username, filer.password);
    const response = await getAs(t.app, who, '/api/session');
    expect(response.statusCode).toBe(200);
    const { user } = response.json();
    expect(user).toMatchObject({
      username: filer.username,
      role: 'enterprise',
      region: { code: '440305', name: '南山区' },
      enterprise: { name: '深圳市测试软件有限公司' },
    });
    expect(user).not.toHaveProperty('password_hash');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a wrong password with a Chinese problem+json carrying the request id', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: filer.username, password: 'wrong-password' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ code: 'INVALID_CREDENTIALS', detail: '用户名或密码错误', status: 401 });
    expect(problem.requestId).toBe(response.headers['x-request-id']);
  });

  it('answers an unknown username exactly like a wrong password', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'nobody-here', password: 'whatever' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toBe('用户名或密码错误');
  });

  it('names the missing field when the form is empty', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: '  ', password: '' },
    });
    expect(response.statusCode).toBe(400);
    const names = response.json().invalidParams.map((param: { name: string }) => param.name);
    expect(names).toEqual(expect.arrayContaining(['username', 'password']));
    expect(response.json().detail).toContain('请输入用户名');
  });

  it('refuses a state change without the CSRF token, and logs out with it', async () => {
    const who = await signIn(t.app, filer.username, filer.password);
    const forged = await t.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie: who.cookie },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('CSRF_REJECTED');
    expect((await getAs(t.app, who, '/api/session')).statusCode).toBe(200);

    const logout = await t.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    expect((await getAs(t.app, who, '/api/session')).statusCode).toBe(401);
  });

  it('ends a session that has been idle longer than the limit', async () => {
    const who = await signIn(t.app, filer.username, filer.password);
    const realNow = t.ctx.now;
    t.ctx.now = () => new Date(Date.now() + (t.ctx.config.session.idleMinutes + 1) * 60_000);
    try {
      expect((await getAs(t.app, who, '/api/enterprise/tasks')).statusCode).toBe(401);
    } finally {
      t.ctx.now = realNow;
    }
    expect((await getAs(t.app, who, '/api/session')).statusCode).toBe(401);
  });

  it('refuses anonymous calls to the API with 401', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/enterprise/tasks' });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toBe('登录已失效，请重新登录');
  });
});
