import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditDetails } from '../../audit/audit-actions.ts';
import { createAdmin, createEnterprise, createFiling, createTask, userIdOf } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { databaseKinds } from '../../test/test-database.ts';
import { commitFilingTransition } from './commit-filing-transition.ts';

describe.each(databaseKinds)('the shared step of filing state changes on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  let reviewerId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    taskId = (await createTask(t.ctx.db, { period: '2026-04' })).id;
    reviewerId = await userIdOf(
      t.ctx.db,
      (await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' })).username,
    );
  });
  afterAll(() => t.close());

  async function submittedFiling(name: string) {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', name });
    const filing = await createFiling(t.ctx.db, {
      taskId,
      enterpriseId: enterprise.id,
      status: 'submitted',
      userId: reviewerId,
    });
    return { id: filing.id, version: filing.version, status: 'submitted' as const };
  }

  const returnDetails: AuditDetails<'filing.return'> = {
    level: 'county',
    from: { status: 'submitted', pendingLevel: 'county' },
    to: { status: 'returned', pendingLevel: null },
    reason: '请核对',
    cellComments: [],
    explanationVerdicts: {},
  };

  function returnOf(filing: { id: string; version: number; status: 'submitted' }, ip: string) {
    return {
      filing,
      next: { status: 'returned' as const, pendingLevel: null, hasReviewerActed: true },
      write: { kind: 'state' as const },
      review: {
        level: 'county' as const,
        action: 'return' as const,
        reason: '请核对',
        isOfLatestRevision: true,
      },
      audit: { action: 'filing.return' as const, details: returnDetails },
      regionCode: '440305',
      actor: { userId: reviewerId, requestId: 'req-step', ip },
      now: new Date(),
    };
  }

  async function rowsOf(filingId: string) {
    const db = t.ctx.db;
    const [filing, reviews, audits] = await Promise.all([
      db
        .selectFrom('filings')
        .select(['status', 'pending_level', 'version'])
        .where('id', '=', filingId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('filing_reviews')
        .select(['action', 'reason', 'revision_no'])
        .where('filing_id', '=', filingId)
        .execute(),
      db
        .selectFrom('audit_events')
        .select(['action', 'ip_address', 'request_id'])
        .where('subject_id', '=', filingId)
        .execute(),
    ]);
    return { filing, reviews, audits };
  }

  it('writes the filing, its review row and its audit row (with the address) together', async () => {
    const filing = await submittedFiling('步骤写入有限公司');
    const written = await commitFilingTransition(t.ctx.db, returnOf(filing, '203.0.113.9'));
    expect(written).toEqual({ id: filing.id, version: filing.version + 1 });
    const rows = await rowsOf(filing.id);
    expect(rows.filing).toEqual({ status: 'returned', pending_level: null, version: filing.version + 1 });
    expect(rows.reviews).toEqual([{ action: 'return', reason: '请核对', revision_no: 1 }]);
    expect(rows.audits).toEqual([
      { action: 'filing.return', ip_address: '203.0.113.9', request_id: 'req-step' },
    ]);
  });

  it('writes nothing and answers FILING_VERSION_CONFLICT when the filing moved on since it was loaded', async () => {
    const filing = await submittedFiling('步骤冲突有限公司');
    await commitFilingTransition(t.ctx.db, returnOf(filing, '203.0.113.9'));
    const before = await rowsOf(filing.id);
    await expect(commitFilingTransition(t.ctx.db, returnOf(filing, '203.0.113.10'))).rejects.toMatchObject({
      code: 'FILING_VERSION_CONFLICT',
    });
    expect(await rowsOf(filing.id)).toEqual(before);
  });

  it('refuses audit details outside the action’s schema before it writes anything', async () => {
    const filing = await submittedFiling('步骤审计有限公司');
    const transition = returnOf(filing, '203.0.113.9');
    const forged = {
      ...transition,
      audit: { action: 'filing.return' as const, details: { ...returnDetails, extra: 1 } as never },
    };
    await expect(commitFilingTransition(t.ctx.db, forged)).rejects.toThrow(/filing\.return/);
    expect(await rowsOf(filing.id)).toMatchObject({
      filing: { status: 'submitted', version: filing.version },
      reviews: [],
      audits: [],
    });
  });
});
