import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import { createEnterprise, createTask } from '../test/factories.ts';
import { countQueuedDeltas, keptTotals, totalsFromFilings } from '../test/kept-totals.ts';
import { sampleMonthlyValues } from '../test/sample-values.ts';
import { createTestApp, drainOutbox, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// Inserted filings reach the kept 汇总 totals through a statement trigger (migration 20261211T0500): queued as one
// delta per counted filing by default, or added to the totals at once when the transaction asks for it (a bulk
// load). Either way the totals are exactly those summed from the filings.

describe.each(databaseKinds)('filings inserted many to a statement, on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  let enterprises: Array<{ id: string }>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    taskId = (await createTask(t.ctx.db, { period: '2033-04' })).id;
    enterprises = [];
    for (const [index, regionCode] of [
      '440305',
      '440305',
      '440304',
      '500112',
      '500112',
      '500112',
    ].entries()) {
      enterprises.push(await createEnterprise(t.ctx.db, { regionCode, name: `多行插入${index}` }));
    }
  });
  afterAll(() => t.close());

  /** One INSERT of a filing per enterprise given, with its status; in a transaction that folds at once if asked. */
  async function insertFilings(
    rows: Array<{ enterprise: number; status: 'draft' | 'approved' | 'submitted'; values: CellValues }>,
    isFoldingAtOnce: boolean,
  ) {
    await t.ctx.db.transaction().execute(async (trx) => {
      if (isFoldingAtOnce)
        await sql`select set_config('zhibao.fold_inserted_filings', 'on', true)`.execute(trx);
      await trx
        .insertInto('filings')
        .values(
          rows.map((row) => ({
            task_id: taskId,
            enterprise_id: enterprises[row.enterprise]!.id,
            status: row.status,
            pending_level: row.status === 'submitted' ? ('city' as const) : null,
            cell_values: JSON.stringify(row.values),
            explanations: '{}',
            submitted_at: row.status === 'draft' ? null : new Date(),
            updated_at: new Date(),
          })),
        )
        .execute();
    });
  }

  async function expectTotalsOfFilings() {
    for (const by of ['region', 'attributes'] as const) {
      const fresh = await totalsFromFilings(t.ctx.db, [taskId], by);
      expect(fresh.length).toBeGreaterThan(0);
      expect(await keptTotals(t.ctx.db, [taskId], by)).toEqual(fresh);
    }
  }

  it('queues one delta per counted filing of the statement by default, none for a draft', async () => {
    await insertFilings(
      [
        { enterprise: 0, status: 'approved', values: sampleMonthlyValues(1, 2) },
        { enterprise: 2, status: 'submitted', values: sampleMonthlyValues(2, 1) },
        { enterprise: 3, status: 'draft', values: sampleMonthlyValues(3, 1) },
      ],
      false,
    );
    expect(await countQueuedDeltas(t.ctx.db, [taskId])).toBe(2);
    await expectTotalsOfFilings();
  });

  it('adds them to totals already kept at once when the transaction asks, as summed from the filings', async () => {
    await drainOutbox(t.ctx);
    expect(await countQueuedDeltas(t.ctx.db, [taskId])).toBe(0);
    // Onto the district 440305 and the province 44 already kept, and into 500112 anew.
    await insertFilings(
      [
        { enterprise: 1, status: 'approved', values: sampleMonthlyValues(4, 3) },
        { enterprise: 4, status: 'approved', values: sampleMonthlyValues(5, 0.5) },
        { enterprise: 5, status: 'approved', values: { monthly: { '2010': 0.1, '2020': '约' } } },
      ],
      true,
    );
    expect(await countQueuedDeltas(t.ctx.db, [taskId])).toBe(0);
    expect((await keptTotals(t.ctx.db, [taskId], 'region')).map((row) => row.filings)).toContain(2);
    await expectTotalsOfFilings();
  });

  it('follows a filing added at once when it changes later, through the row trigger', async () => {
    await t.ctx.db
      .updateTable('filings')
      .set({ status: 'returned', pending_level: null })
      .where('task_id', '=', taskId)
      .where('enterprise_id', '=', enterprises[4]!.id)
      .execute();
    expect(await countQueuedDeltas(t.ctx.db, [taskId])).toBe(1);
    await expectTotalsOfFilings();
    await drainOutbox(t.ctx);
    await expectTotalsOfFilings();
  });
});
