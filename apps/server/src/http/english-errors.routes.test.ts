import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createFiler, createTask } from '../test/factories.ts';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

const english = { 'accept-language': 'en-US,en;q=0.9' };

describe.each(databaseKinds)('refusals in the language of the request on %s', (kind) => {
  let t: TestApp;
  let filer: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const account = await createFiler(t.ctx.db, enterprise);
    filer = await signIn(t.app, account.username, account.password);
  });
  afterAll(() => t.close());

  it('names the field in English when the request asks for English, and in Chinese otherwise', async () => {
    const payload = { username: '  ', password: '' };
    const inEnglish = await t.app.inject({ method: 'POST', url: '/api/session', headers: english, payload });
    expect(inEnglish.statusCode).toBe(400);
    const body = inEnglish.json();
    expect(body.invalidParams).toEqual(
      expect.arrayContaining([{ name: 'username', reason: 'Enter the username' }]),
    );
    expect(body.detail).toMatch(/^Invalid request: .*username Enter the username/);
    expect(body.detail).not.toMatch(/\p{Script=Han}/u);

    const inChinese = await t.app.inject({ method: 'POST', url: '/api/session', payload });
    expect(inChinese.json().detail).toContain('请输入用户名');
  });

  it('says in words that a body of the wrong kind (a list, a string) is not the object expected', async () => {
    const asList = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '[]',
    });
    expect(asList.statusCode).toBe(400);
    expect(asList.json().detail).toBe('请求内容有误：(body) 应为 JSON 对象');
    const inEnglish = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { ...english, 'content-type': 'application/json' },
      payload: '"x"',
    });
    expect(inEnglish.json().detail).toBe('Invalid request: (body) Must be a JSON object');
  });

  it('answers a domain refusal in English, with its interpolated words and period translated', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      url: `/api/filings/${randomUUID()}/receipt.pdf`,
      headers: { ...english, cookie: filer.cookie },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe('Filing not found or not accessible');

    const task = await createTask(t.ctx.db, { period: '2026-11' });
    const notStarted = await t.app.inject({
      method: 'POST',
      url: `/api/enterprise/tasks/${task.id}/filing/cancel-submission`,
      headers: { ...english, cookie: filer.cookie, 'x-csrf-token': filer.csrfToken },
      payload: { version: null },
    });
    expect(notStarted.statusCode).toBe(409);
    expect(notStarted.json().detail).toBe(
      'The filing has not been submitted, so there is nothing to withdraw',
    );
  });
});
