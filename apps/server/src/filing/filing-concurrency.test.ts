import { createSampleFiling, getEdition } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
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
      // The conflict names itself by its code (issue 15); it used to be a plain CONFLICT, with the same 409.
      expect(refusal.code).toBe('FILING_VERSION_CONFLICT');
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

describe.each(databaseKinds)('取消上报 racing the district approval on %s', (kind) => {
  let t: TestApp;
  let enterprise: { id: string; region_code: string };
  let filerUserId: string;
  let filer: SignedIn;
  let reviewer: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山取消上报竞态有限公司' });
    const filerAccount = await createFiler(t.ctx.db, enterprise);
    filerUserId = await userIdOf(t.ctx.db, filerAccount.username);
    filer = await signIn(t.app, filerAccount.username, filerAccount.password);
    const admin = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    reviewer = await signIn(t.app, admin.username, admin.password);
  });
  afterAll(() => t.close());

  it('never leaves an approved filing back in draft, whatever version the cancels claim', async () => {
    for (let round = 0; round < 8; round += 1) {
      const task = await createTask(t.ctx.db, { period: `2025-${String(round + 1).padStart(2, '0')}` });
      const filing = await createFiling(t.ctx.db, {
        taskId: task.id,
        enterpriseId: enterprise.id,
        status: 'submitted',
        pendingLevel: 'county',
        values: createSampleFiling(getEdition(), {
          periodType: 'month',
          seed: round,
          scale: 1,
          monthIndex: round + 1,
        }) as CellValues,
        userId: filerUserId,
      });
      // The cancels claim the version the filing will have once approved, and the one it has now.
      const cancels = Array.from({ length: 12 }, (_, index) =>
        sendAs(t.app, filer, 'POST', `/api/enterprise/tasks/${task.id}/filing/cancel-submission`, {
          version: index % 2 === 0 ? filing.version + 1 : filing.version,
        }),
      );
      const approval = sendAs(t.app, reviewer, 'POST', `/api/admin/review/filings/${filing.id}/approve`, {
        comment: '数据无误',
      });
      const [approved, ...cancelled] = await Promise.all([approval, ...cancels]);
      const cancelWins = cancelled.filter((response) => response.statusCode === 200).length;
      for (const response of cancelled) expect([200, 409], `round ${round}`).toContain(response.statusCode);
      expect([200, 409], `round ${round}`).toContain(approved.statusCode);

      const row = await t.ctx.db
        .selectFrom('filings')
        .select(['status', 'pending_level', 'version', 'submitted_at'])
        .where('id', '=', filing.id)
        .executeTakeFirstOrThrow();
      const reviews = await t.ctx.db
        .selectFrom('filing_reviews')
        .select('action')
        .where('filing_id', '=', filing.id)
        .execute();
      const trail = await t.ctx.db
        .selectFrom('audit_events')
        .select('action')
        .where('subject_id', '=', filing.id)
        .execute();
      const actions = trail.map((event) => event.action).sort();
      // Exactly one side wins, and the filing, its reviews and its audit trail all tell the same story.
      if (approved.statusCode === 200) {
        expect(cancelWins, `round ${round}`).toBe(0);
        expect(row, `round ${round}`).toMatchObject({ status: 'submitted', pending_level: 'city' });
        expect(row.submitted_at).not.toBeNull();
        expect(reviews.map((review) => review.action)).toEqual(['approve']);
        expect(actions).toEqual(['filing.approve']);
      } else {
        expect(cancelWins, `round ${round}`).toBe(1);
        expect(row, `round ${round}`).toMatchObject({
          status: 'draft',
          pending_level: null,
          submitted_at: null,
        });
        expect(reviews).toEqual([]);
        expect(actions).toEqual(['filing.cancel-submission']);
      }
      expect(row.version, `round ${round}`).toBe(filing.version + 1);
    }
  });
});
