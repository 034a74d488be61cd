import { createSampleFiling, getEdition } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createFiler, createTask } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

type Values = Record<string, Record<string, number | string | null>>;

const monthlyValues = (seed: number): Values =>
  createSampleFiling(getEdition(), { periodType: 'month', seed, scale: 1, monthIndex: 10 }) as Values;

describe.each(databaseKinds)('two filers saving one filing at once on %s', (kind) => {
  let t: TestApp;
  let filers: Array<{ session: SignedIn; displayName: string }>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '南山并发测试有限公司',
    });
    filers = [];
    for (let index = 0; index < 2; index += 1) {
      const account = await createFiler(t.ctx.db, enterprise);
      const user = await t.ctx.db
        .selectFrom('users')
        .select('display_name')
        .where('username', '=', account.username)
        .executeTakeFirstOrThrow();
      filers.push({
        session: await signIn(t.app, account.username, account.password),
        displayName: user.display_name,
      });
    }
  });
  afterAll(() => t.close());

  const filingUrl = (taskId: string) => `/api/enterprise/tasks/${taskId}/filing`;

  it('lets exactly one of two simultaneous saves through, tells the other who saved, and loses neither', async () => {
    const task = await createTask(t.ctx.db, { period: '2026-10' });
    let seed = 100;
    // The very first save creates the filing: the race is on the insert; every later one on the version.
    for (let round = 0; round < 6; round += 1) {
      const loaded = (await getAs(t.app, filers[0]!.session, filingUrl(task.id))).json<{
        version: number | null;
      }>();
      const values = [monthlyValues((seed += 1)), monthlyValues((seed += 1))];
      const responses = await Promise.all(
        filers.map((filer, index) =>
          sendAs(t.app, filer.session, 'PUT', filingUrl(task.id), {
            version: loaded.version,
            values: values[index],
          }),
        ),
      );
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
      const winner = responses.findIndex((response) => response.statusCode === 200);
      const loser = 1 - winner;
      const refusal = responses[loser]!.json<{
        code: string;
        detail: string;
        invalidParams: Array<{ name: string }>;
      }>();
      expect(refusal.code).toBe('CONFLICT');
      expect(refusal.detail).toContain(`该报表已被本企业的${filers[winner]!.displayName}于`);
      expect(refusal.detail).toContain('您填写的数据仍保留在页面上');
      expect(refusal.invalidParams[0]!.name).toBe('version');

      // The winner's save stands whole.
      const current = (await getAs(t.app, filers[loser]!.session, filingUrl(task.id))).json<{
        version: number;
        values: Values;
        updatedBy: string;
      }>();
      expect(current.values.monthly).toMatchObject(
        Object.fromEntries(Object.entries(values[winner]!.monthly!).filter(([, value]) => value !== null)),
      );
      expect(current.updatedBy).toBe(filers[winner]!.displayName);
      // The loser still has its values (the page keeps them) and overwrites deliberately: nothing is lost.
      const overwrite = await sendAs(t.app, filers[loser]!.session, 'PUT', filingUrl(task.id), {
        version: current.version,
        values: values[loser],
      });
      expect(overwrite.statusCode).toBe(200);
      const after = (await getAs(t.app, filers[winner]!.session, filingUrl(task.id))).json<{
        values: Values;
      }>();
      expect(after.values.monthly).toMatchObject(
        Object.fromEntries(Object.entries(values[loser]!.monthly!).filter(([, value]) => value !== null)),
      );
    }
  });
});
