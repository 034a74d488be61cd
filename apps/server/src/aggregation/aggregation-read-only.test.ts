import { createSampleFiling, getEdition } from '@zhibao/survey';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, drainOutbox, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

const sample = (seed: number, scale: number): CellValues =>
  createSampleFiling(getEdition(), { periodType: 'month', seed, scale, monthIndex: 3 }) as CellValues;
const mainRevenue = (values: CellValues) => values.monthly!['2010'] as number;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Reading 汇总 writes nothing: the fold is the outbox worker's, a read adds the unfolded deltas itself. */
describe.each(databaseKinds)('汇总 reads on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  let province: SignedIn;
  let city: SignedIn;
  const nanshan = [sample(11, 2), sample(12, 1)];
  const futian = sample(13, 3);

  beforeAll(async () => {
    t = await createTestApp(kind);
    taskId = (await createTask(t.ctx.db, { period: '2032-03' })).id;
    const ns1 = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山只读甲' });
    const ns2 = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山只读乙' });
    const ft = await createEnterprise(t.ctx.db, { regionCode: '440304', name: '福田只读甲' });
    await createFiling(t.ctx.db, { taskId, enterpriseId: ns1.id, status: 'approved', values: nanshan[0] });
    await createFiling(t.ctx.db, { taskId, enterpriseId: ns2.id, status: 'approved', values: nanshan[1] });
    await createFiling(t.ctx.db, { taskId, enterpriseId: ft.id, status: 'approved', values: futian });
    const provinceAdmin = await createAdmin(t.ctx.db, { adminLevel: 'province', regionCode: '440000' });
    const cityAdmin = await createAdmin(t.ctx.db, { adminLevel: 'city', regionCode: '440300' });
    province = await signIn(t.app, provinceAdmin.username, provinceAdmin.password);
    city = await signIn(t.app, cityAdmin.username, cityAdmin.password);
  });
  afterAll(() => t.close());

  /** Every row of the fold's queue and of both totals tables, in a stable order. */
  async function aggregationTables() {
    const rowsOf = async (table: string) =>
      (
        await sql<
          Record<string, unknown>
        >`select * from ${sql.table(table)} order by 1, 2, 3, 4, 5, 6`.execute(t.ctx.db)
      ).rows;
    return {
      deltas: await rowsOf('aggregation_deltas'),
      regions: await rowsOf('aggregation_region_totals'),
      attributes: await rowsOf('aggregation_attribute_totals'),
    };
  }

  const report = async (who: SignedIn) => {
    const response = await getAs(t.app, who, `/api/admin/aggregation?taskId=${taskId}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    return {
      filingCount: body.filingCount,
      indicators: body.indicators,
      children: body.children,
      breakdowns: body.breakdowns,
    };
  };
  const total = (read: { indicators: Array<{ id: string; total: number | null }> }) =>
    read.indicators.find((indicator) => indicator.id === 'monthly.2010')!.total;
  const expected = round2([...nanshan, futian].reduce((sum, values) => sum + mainRevenue(values), 0));

  it('answers exact totals from unfolded deltas and leaves the queue and the totals untouched', async () => {
    const before = await aggregationTables();
    expect(before.deltas).toHaveLength(3);
    expect(before.regions).toHaveLength(0);

    const byProvince = await report(province);
    const byCity = await report(city);
    expect(total(byProvince)).toBe(expected);
    expect(total(byCity)).toBe(expected);
    expect(byCity.filingCount).toBe(3);
    expect(await aggregationTables()).toEqual(before);

    // The worker folds; the answers stay exactly what they were, and a read still writes nothing.
    await drainOutbox(t.ctx);
    const folded = await aggregationTables();
    expect(folded.deltas).toHaveLength(0);
    expect(folded.regions.length).toBeGreaterThan(0);
    expect(await report(province)).toEqual(byProvince);
    expect(await report(city)).toEqual(byCity);
    expect(await aggregationTables()).toEqual(folded);
  });

  it('adds a change not yet folded to the folded totals, and takes a retracted filing out at once', async () => {
    await drainOutbox(t.ctx);
    const extra = sample(14, 5);
    const ns3 = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山只读丙' });
    const filing = await createFiling(t.ctx.db, {
      taskId,
      enterpriseId: ns3.id,
      status: 'approved',
      values: extra,
    });
    // One approval on top of folded totals, then its return: two deltas that cancel out.
    const withExtra = await report(city);
    expect(total(withExtra)).toBe(round2(expected + mainRevenue(extra)));
    expect(withExtra.filingCount).toBe(4);
    await t.ctx.db
      .updateTable('filings')
      .set({ status: 'returned', pending_level: null })
      .where('id', '=', filing.id)
      .execute();
    const before = await aggregationTables();
    expect(before.deltas).toHaveLength(2);
    const afterReturn = await report(city);
    expect(total(afterReturn)).toBe(expected);
    expect(afterReturn.filingCount).toBe(3);
    expect(await aggregationTables()).toEqual(before);
    await drainOutbox(t.ctx);
    expect(await report(city)).toEqual(afterReturn);
  });
});
