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
import { createTestApp, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

type Decision = 'approve' | 'return';

const bodyOf: Record<Decision, object> = {
  approve: { comment: '数据无误' },
  return: { reason: '请核对软件业务收入' },
};

describe.each(databaseKinds)('two reviewers deciding one filing at once on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  let filerUserId: string;
  let reviewers: SignedIn[];

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db, { period: '2026-03' })).id;
    const enterprise = await createEnterprise(db, { regionCode: '440305', name: '南山并发审核有限公司' });
    filerUserId = await userIdOf(db, (await createFiler(db, enterprise)).username);
    // Two 区县 administrators of the same district: both see the filing in their queue.
    reviewers = [];
    for (let index = 0; index < 2; index += 1) {
      const account = await createAdmin(db, { adminLevel: 'county', regionCode: '440305' });
      reviewers.push(await signIn(t.app, account.username, account.password));
    }
  });
  afterAll(() => t.close());

  const pairs: Array<[Decision, Decision]> = [
    ['approve', 'approve'],
    ['approve', 'return'],
    ['return', 'approve'],
    ['return', 'return'],
  ];

  it('lets exactly one decision through and tells the other reviewer, for every pairing', async () => {
    for (const [round, decisions] of [...pairs, ...pairs].entries()) {
      const enterprise = await createEnterprise(t.ctx.db, {
        regionCode: '440305',
        name: `南山并发审核${round}有限公司`,
      });
      const filing = await createFiling(t.ctx.db, {
        taskId,
        enterpriseId: enterprise.id,
        status: 'submitted',
        pendingLevel: 'county',
        values: createSampleFiling(getEdition(), {
          periodType: 'month',
          seed: round,
          scale: 1,
          monthIndex: 3,
        }) as CellValues,
        userId: filerUserId,
      });
      const responses = await Promise.all(
        decisions.map((decision, index) =>
          sendAs(
            t.app,
            reviewers[index]!,
            'POST',
            `/api/admin/review/filings/${filing.id}/${decision}`,
            bodyOf[decision],
          ),
        ),
      );
      expect(responses.map((response) => response.statusCode).sort(), `round ${round}`).toEqual([200, 409]);
      const winner = responses.findIndex((response) => response.statusCode === 200);
      const refusal = responses[1 - winner]!.json<{ code: string; detail: string }>();
      // The refusal names which rule refused by its code (issue 15); it used to be a plain CONFLICT, same 409.
      expect(['FILING_VERSION_CONFLICT', 'REVIEW_OUT_OF_TURN', 'FILING_NOT_SUBMITTED']).toContain(
        refusal.code,
      );
      // Either the other decision landed between reading and writing, or before reading: both say so.
      expect(refusal.detail).toMatch(
        /报表状态已被他人更改，请刷新后重试|^报表.+，(不在本级审核|不能审核|不能退回)$/,
      );

      // Only the winner's decision is recorded, once, and the filing is where the winner sent it.
      const reviews = await t.ctx.db
        .selectFrom('filing_reviews')
        .select(['action'])
        .where('filing_id', '=', filing.id)
        .execute();
      expect(reviews.map((review) => review.action)).toEqual([decisions[winner]]);
      const row = await t.ctx.db
        .selectFrom('filings')
        .select(['status', 'pending_level', 'version'])
        .where('id', '=', filing.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe(decisions[winner] === 'approve' ? 'submitted' : 'returned');
      expect(row.pending_level).toBe(decisions[winner] === 'approve' ? 'city' : null);
      expect(row.version).toBe(filing.version + 1);
    }
  });
});
