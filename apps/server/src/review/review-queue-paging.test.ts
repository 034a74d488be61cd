import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewQueue } from '@zhibao/contracts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// Issue 17 item 10: the review queue is cut into pages by the server (the web shows 20 a page), with the number of
// filings waiting in all; only the page's filings are audited, yet a 代报 signal of identical values still names a
// twin waiting on another page.

describe.each(databaseKinds)('the review queue, paged by the server, on %s', (kind) => {
  let t: TestApp;
  let county: SignedIn;
  let taskId: string;
  const names: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db)).id;
    for (let index = 0; index < 5; index += 1) {
      const enterprise = await createEnterprise(db, { regionCode: '440307', name: `分页队列软件${index}` });
      names.push(enterprise.name);
      // The first and the last report the same figures; the others each their own.
      const revenue = index === 4 ? 700 : 700 + index;
      await createFiling(db, {
        taskId,
        enterpriseId: enterprise.id,
        status: 'submitted',
        pendingLevel: 'county',
        values: { monthly: { '2020': revenue, '2010': revenue } },
        submittedAt: new Date(Date.now() - (6 - index) * 3_600_000),
      });
    }
    const account = await createAdmin(db, { adminLevel: 'county', regionCode: '440307' });
    county = await signIn(t.app, account.username, account.password);
  });
  afterAll(() => t.close());

  const queue = async (query: string) => {
    const response = await getAs(t.app, county, `/api/admin/review/queue?taskId=${taskId}&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ReviewQueue>();
  };

  it('answers one page in order of submission with the number waiting in all', async () => {
    const first = await queue('page=1&pageSize=2');
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2, progress: [] });
    expect(first.items.map((item) => item.enterpriseName)).toEqual(names.slice(0, 2));
    const second = await queue('page=2&pageSize=2');
    expect(second.items.map((item) => item.enterpriseName)).toEqual(names.slice(2, 4));
    const beyond = await queue('page=9&pageSize=2');
    expect(beyond).toMatchObject({ items: [], total: 5 });
  });

  it('names the twin of identical figures waiting on another page', async () => {
    const last = await queue('page=3&pageSize=2');
    expect(last.items.map((item) => item.enterpriseName)).toEqual([names[4]]);
    expect(last.items[0]!.integritySignals).toEqual([`与${names[0]}填报的数值完全相同，请核实是否代报`]);
    const first = await queue('page=1&pageSize=1');
    expect(first.items[0]!.integritySignals).toEqual([`与${names[4]}填报的数值完全相同，请核实是否代报`]);
  });

  it('filters by findings over every waiting filing and scores only in score order', async () => {
    const clean = await queue('findings=clean&pageSize=1');
    const flagged = await queue('findings=with-findings&pageSize=1');
    expect(clean.total + flagged.total).toBe(5);
    expect(clean.items.every((item) => item.isClean)).toBe(true);
    expect(flagged.items.every((item) => !item.isClean)).toBe(true);
    expect((await queue('pageSize=5')).items.every((item) => item.score === null)).toBe(true);
    const scored = await queue('orderBy=score&pageSize=5');
    expect(scored.items.every((item) => typeof item.score === 'number')).toBe(true);
    expect(scored.progress).toHaveLength(1);
  });

  it('refuses a page size beyond 200 with a message naming it', async () => {
    const response = await getAs(t.app, county, `/api/admin/review/queue?pageSize=500`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('每页最多200条');
  });
});
