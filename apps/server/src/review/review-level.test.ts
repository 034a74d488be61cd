import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminLevel, FilingStatus } from '../db/schema.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../test/test-database.ts';
import { hasPassedReviewAt } from './review-level.ts';

// Which filings count in 汇总 is defined once, by the SQL functions of migration 20261207T0200 that the trigger and
// the 汇总 queries use; the TypeScript twin that completeness applies to loaded filings must answer alike.

const statuses: FilingStatus[] = ['draft', 'submitted', 'returned', 'approved'];
const levels: AdminLevel[] = ['county', 'city', 'province', 'ministry'];
const pendingLevels: Array<AdminLevel | null> = [null, ...levels];

describe.each(databaseKinds)('which filings count in 汇总 on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.drop());

  it('answers alike in SQL and in TypeScript for every status × pending level × level', async () => {
    const cases = statuses.flatMap((status) =>
      pendingLevels.flatMap((pending) => levels.map((level) => ({ status, pending, level }))),
    );
    const disagreements: string[] = [];
    let passed = 0;
    for (const { status, pending, level } of cases) {
      const { rows } = await sql<{ passed: boolean; counted: boolean }>`
        select filing_passed_review_at(${status}, ${pending}, ${level}) as passed,
               filing_is_counted(${status}) as counted`.execute(database.handle.db);
      const inSql = rows[0]!.passed;
      const inTs = hasPassedReviewAt({ status, pending_level: pending }, level);
      if (inSql !== inTs) disagreements.push(`${status}/${pending}/${level}: SQL ${inSql}, TS ${inTs}`);
      if (inSql) passed += 1;
      // Whatever passed a review counts in 汇总 at all.
      if (inSql && !rows[0]!.counted)
        disagreements.push(`${status}/${pending}/${level} passed but not counted`);
    }
    expect(disagreements).toEqual([]);
    // Approved at every pending level and level (5 × 4), and submitted waiting above the level (1+2+3).
    expect(passed).toBe(20 + 6);
  });

  it('counts submitted and approved filings only, and a missing pending level ranks below every level', async () => {
    const { rows } = await sql<{ status: string; counted: boolean }>`
      select s as status, filing_is_counted(s) as counted
      from unnest(array['draft', 'submitted', 'returned', 'approved']) as s`.execute(database.handle.db);
    expect(rows.filter((row) => row.counted).map((row) => row.status)).toEqual(['submitted', 'approved']);
    const blank = await sql<{ passed: boolean }>`
      select filing_passed_review_at('submitted', '', 'county') as passed`.execute(database.handle.db);
    expect(blank.rows[0]!.passed).toBe(false);
  });
});
