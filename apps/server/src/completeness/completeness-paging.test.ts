import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletenessReport } from '@zhibao/contracts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// Issue 17 item 10: 催报 counts the whole region in SQL and lists one page of its enterprises, filtered (未报, 逾期,
// 已报, 待申请) and sorted by the server; each filter's total is the figure the page shows for it.

const hour = 3_600_000;

describe.each(databaseKinds)('the 催报 page, paged by the server, on %s', (kind) => {
  let t: TestApp;
  let county: SignedIn;
  let taskId: string;
  const filed: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    // Closed an hour ago: whoever has not filed is 逾期.
    taskId = (
      await createTask(db, {
        opensAt: new Date(Date.now() - 72 * hour),
        closesAt: new Date(Date.now() - hour),
      })
    ).id;
    for (let index = 0; index < 6; index += 1) {
      const enterprise = await createEnterprise(db, { regionCode: '440307', name: `分页催报软件${index}` });
      if (index < 3) {
        await createFiling(db, {
          taskId,
          enterpriseId: enterprise.id,
          status: 'submitted',
          pendingLevel: 'county',
          submittedAt: new Date(Date.now() - (10 - index) * hour),
        });
        filed.push(enterprise.name);
      } else if (index === 3) {
        await createFiling(db, { taskId, enterpriseId: enterprise.id, status: 'draft' });
      }
    }
    const account = await createAdmin(db, { adminLevel: 'county', regionCode: '440307' });
    county = await signIn(t.app, account.username, account.password);
  });
  afterAll(() => t.close());

  const report = async (query = '') => {
    const response = await getAs(t.app, county, `/api/admin/completeness?taskId=${taskId}&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CompletenessReport>();
  };

  it('lists one page of the obligations and counts the whole region', async () => {
    const all = await report('pageSize=100');
    const page = await report('pageSize=2&page=2');
    expect(page.totals).toEqual(all.totals);
    expect(page).toMatchObject({ page: 2, pageSize: 2, enterpriseTotal: all.totals.expected });
    expect(page.enterprises).toEqual(all.enterprises.slice(2, 4));
    expect(all.enterprises).toHaveLength(all.totals.expected);
    expect((await report('pageSize=2&page=99')).enterprises).toEqual([]);
  });

  it('filters by 未报, 逾期 and 已报 with the totals the figures give', async () => {
    const all = await report();
    const notSubmitted = await report('filter=not-submitted');
    expect(notSubmitted.enterpriseTotal).toBe(all.totals.notSubmitted);
    expect(notSubmitted.enterprises.map((row) => row.status)).not.toContain('submitted');
    const overdue = await report('filter=overdue');
    expect(overdue.enterpriseTotal).toBe(all.totals.overdue);
    expect(overdue.enterprises.every((row) => row.isOverdue)).toBe(true);
    expect(overdue.enterpriseTotal).toBeGreaterThan(0);
    const submitted = await report('filter=submitted&orderBy=submitted-at');
    expect(submitted.enterpriseTotal).toBe(all.totals.submitted);
    // The latest submission first.
    expect(submitted.enterprises.map((row) => row.name)).toEqual([...filed].reverse());
  });

  it('refuses an unknown filter with a message naming the choices', async () => {
    const response = await getAs(t.app, county, `/api/admin/completeness?taskId=${taskId}&filter=late`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('筛选应为全部、未报、逾期、已报或待申请');
  });
});
