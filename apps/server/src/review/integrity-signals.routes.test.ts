import { createSampleFiling, getEdition } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiler, createTask } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

const agentBrowser = 'Mozilla/5.0 (Windows NT 10.0) Chrome/131.0 代报测试';

describe.each(databaseKinds)('the same-address 代报 signal on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  let nanshan: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    taskId = (await createTask(t.ctx.db, { period: '2026-06' })).id;
    const admin = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    nanshan = await signIn(t.app, admin.username, admin.password);
  });
  afterAll(() => t.close());

  /** An enterprise's filer submits through the API from the given address and browser. */
  async function submitFrom(name: string, seed: number, remoteAddress: string, userAgent: string) {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', name });
    const filer = await createFiler(t.ctx.db, enterprise);
    const who = await signIn(t.app, filer.username, filer.password);
    const values = createSampleFiling(getEdition(), { periodType: 'month', seed, scale: 1, monthIndex: 6 });
    const post = (explanations: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/enterprise/tasks/${taskId}/filing/submit`,
        remoteAddress,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, 'user-agent': userAgent },
        payload: { version: null, values, explanations },
      });
    let response = await post({});
    if (response.statusCode === 400) {
      // Warnings want an explanation; a filer would write one for each.
      const names = (response.json().invalidParams as Array<{ name: string }>)
        .map((param) => param.name)
        .filter((param) => param.startsWith('explanations.'));
      response = await post(Object.fromEntries(names.map((param) => [param.slice(13), '业务确有变化'])));
    }
    expect(response.statusCode).toBe(200);
    return response.json<{ filingId: string }>().filingId;
  }

  it('flags three enterprises submitting from one address and browser, on the queue and the filing, without blocking', async () => {
    const first = await submitFrom('南山代报甲软件有限公司', 41, '203.0.113.7', agentBrowser);
    await submitFrom('南山代报乙软件有限公司', 42, '203.0.113.7', agentBrowser);
    const third = await submitFrom('南山代报丙软件有限公司', 43, '203.0.113.7', agentBrowser);
    const elsewhere = await submitFrom('南山自报软件有限公司', 44, '198.51.100.20', agentBrowser);

    const audit = await t.ctx.db
      .selectFrom('audit_events')
      .select(['ip_address', 'details'])
      .where('action', '=', 'filing.submit')
      .where('subject_id', '=', first)
      .executeTakeFirstOrThrow();
    expect(audit.ip_address).toBe('203.0.113.7');
    expect(audit.details).toMatchObject({ userAgent: agentBrowser });

    const items = (await getAs(t.app, nanshan, `/api/admin/review/queue?taskId=${taskId}`)).json()
      .items as Array<{ filingId: string; integritySignals: string[] }>;
    const signalsOf = (filingId: string) =>
      items.find((item) => item.filingId === filingId)!.integritySignals;
    expect(signalsOf(first)).toEqual([
      '30分钟内共有3家企业从同一IP地址（203.0.113.7）和同一浏览器上报（另有南山代报乙软件有限公司、南山代报丙软件有限公司），请核实是否代报',
    ]);
    expect(signalsOf(third)[0]).toMatch(/^30分钟内共有3家企业从同一IP地址（203\.0\.113\.7）和同一浏览器上报/);
    expect(signalsOf(elsewhere)).toEqual([]);

    const detail = (await getAs(t.app, nanshan, `/api/admin/review/filings/${first}`)).json();
    expect(detail.integritySignals).toEqual(signalsOf(first));

    const approved = await sendAs(t.app, nanshan, 'POST', `/api/admin/review/filings/${first}/approve`, {});
    expect(approved.statusCode).toBe(200);
  });
});
