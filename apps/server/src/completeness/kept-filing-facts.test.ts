import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { listIdenticalWaitingFilings } from '../review/review.repository.ts';
import { findTaskWithOwnerRegion } from '../task/task.repository.ts';
import { countExpectedByTask } from '../task/task-obligation.repository.ts';
import { createAdmin, createEnterprise, createFiling, createTask, userIdOf } from '../test/factories.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../test/test-database.ts';
import { figuresOf } from './completeness-figures.ts';
import { countObligationFacts } from './completeness.repository.ts';

// Issue 17 item 10: what the national-scale pages read from each filing instead of from its revisions or its
// values, kept by triggers whatever writes them: the first submission (按时上报) and the hash of a submitted
// filing's values (the 代报 signal of identical values); and 应报 per task counted without a union of pairs.

const hour = 3_600_000;

describe.each(databaseKinds)('facts kept on each filing, on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.handle.db;
    const admin = await createAdmin(db, { adminLevel: 'county', regionCode: '440305' });
    userId = await userIdOf(db, admin.username);
  });
  afterAll(() => database.drop());

  const firstSubmittedAt = async (filingId: string) =>
    (
      await db
        .selectFrom('filings')
        .select('first_submitted_at')
        .where('id', '=', filingId)
        .executeTakeFirstOrThrow()
    ).first_submitted_at;

  it('keeps the first submission, so a resubmission after the deadline stays 按时上报 and a late one never is', async () => {
    const closesAt = new Date(Date.now() - 2 * hour);
    const task = await createTask(db, { opensAt: new Date(Date.now() - 72 * hour), closesAt });
    const early = await createEnterprise(db, { regionCode: '440305', joinOpenTasks: true });
    const late = await createEnterprise(db, { regionCode: '440305', joinOpenTasks: true });
    const firstTime = new Date(closesAt.getTime() - hour);
    const onTime = await createFiling(db, {
      taskId: task.id,
      enterpriseId: early.id,
      userId,
      status: 'submitted',
      submittedAt: firstTime,
    });
    await createFiling(db, {
      taskId: task.id,
      enterpriseId: late.id,
      userId,
      status: 'submitted',
      submittedAt: new Date(closesAt.getTime() + hour),
    });
    expect(await firstSubmittedAt(onTime.id)).toEqual(firstTime);
    // Returned and submitted again after the deadline: a second frozen revision.
    await db
      .insertInto('filing_revisions')
      .values({
        filing_id: onTime.id,
        revision_no: 2,
        cell_values: '{}',
        explanations: '{}',
        submitted_by: userId,
        submitted_at: new Date(),
      })
      .execute();
    expect(await firstSubmittedAt(onTime.id)).toEqual(firstTime);
    const counted = await countObligationFacts(db, {
      regionPrefix: '440305',
      task: (await findTaskWithOwnerRegion(db, task.id))!,
    });
    expect(figuresOf(counted, 'county')).toMatchObject({ expected: 2, submitted: 2, onTime: 1 });
    // Were the first revision removed, the time would follow the revisions left.
    await db
      .deleteFrom('filing_revisions')
      .where('filing_id', '=', onTime.id)
      .where('revision_no', '=', 1)
      .execute();
    expect((await firstSubmittedAt(onTime.id))!.getTime()).toBeGreaterThan(closesAt.getTime());
  });

  it('finds the filings waiting with identical values through their hash, and only while they are submitted', async () => {
    const task = await createTask(db);
    const values = { monthly: { '2020': 1234, '2030': 56 } };
    const filingOf = async (status: 'draft' | 'submitted', cells: typeof values, name: string) =>
      createFiling(db, {
        taskId: task.id,
        enterpriseId: (await createEnterprise(db, { regionCode: '440305', name })).id,
        userId,
        status,
        pendingLevel: status === 'submitted' ? 'county' : null,
        values: cells,
      });
    const own = await filingOf('submitted', values, '孪生甲软件');
    const twin = await filingOf('submitted', values, '孪生乙软件');
    await filingOf('submitted', { monthly: { '2020': 1234, '2030': 57 } }, '不同丙软件');
    const draft = await filingOf('draft', values, '草稿丁软件');
    const hashOf = async (id: string) =>
      (await db.selectFrom('filings').select('values_hash').where('id', '=', id).executeTakeFirstOrThrow())
        .values_hash;
    expect(await hashOf(own.id)).toBe(await hashOf(twin.id));
    expect(await hashOf(draft.id)).toBeNull();
    const twinsOfOwn = () => listIdenticalWaitingFilings(db, { regionPrefix: '4403', filingIds: [own.id] });
    expect((await twinsOfOwn()).map((row) => row.enterprise_name)).toEqual(['孪生乙软件']);
    // The draft submitted with the same values becomes a twin; the twin returned is one no longer.
    await db
      .updateTable('filings')
      .set({ status: 'submitted', pending_level: 'county' })
      .where('id', '=', draft.id)
      .execute();
    await db
      .updateTable('filings')
      .set({ status: 'returned', pending_level: null })
      .where('id', '=', twin.id)
      .execute();
    expect(await hashOf(twin.id)).toBeNull();
    expect((await twinsOfOwn()).map((row) => row.enterprise_name)).toEqual(['草稿丁软件']);
  });

  it('counts 应报 per task once per enterprise, whether it has an obligation, a filing or both', async () => {
    const task = await createTask(db);
    const other = await createTask(db);
    // Obliged to both tasks, without a filing.
    await createEnterprise(db, { regionCode: '440306', joinOpenTasks: true });
    const both = await createEnterprise(db, { regionCode: '440306', joinOpenTasks: true });
    const applied = await createEnterprise(db, { regionCode: '440306', joinOpenTasks: false });
    await createEnterprise(db, { regionCode: '440306', joinOpenTasks: false });
    await createFiling(db, { taskId: task.id, enterpriseId: both.id });
    await createFiling(db, { taskId: task.id, enterpriseId: applied.id });
    const expected = await countExpectedByTask(db, { taskIds: [task.id, other.id], regionPrefix: '440306' });
    expect(expected.get(task.id)).toBe(3);
    expect(expected.get(other.id)).toBe(2);
  });
});
