import { outlierList, type OutlierFlag } from '@zhibao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditingFixture, type EditingFixture } from '../test/editing-fixture.ts';
import { createAdmin } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

const summary = (flags: OutlierFlag[]) =>
  flags
    .map((flag) => `${flag.enterpriseName} ${flag.formId}.${flag.key} ${flag.comparison} ${flag.side}`)
    .sort();

describe.each(databaseKinds)('outliers of a fixed data set on %s', (kind) => {
  let t: TestApp;
  let fixture: EditingFixture;
  let yubei: SignedIn;
  let nanshan: SignedIn;
  let ministry: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(kind);
    fixture = await createEditingFixture(t.ctx.db);
    // One after another: the factory numbers each account's mobile, which a parallel creation would share.
    yubei = await signInAs('county', '500112');
    nanshan = await signInAs('county', '440305');
    ministry = await signInAs('ministry', '000000');
  });
  afterAll(() => t.close());

  async function signInAs(adminLevel: 'county' | 'ministry', regionCode: string): Promise<SignedIn> {
    const account = await createAdmin(t.ctx.db, { adminLevel, regionCode });
    return signIn(t.app, account.username, account.password);
  }

  const outliersOf = async (who: SignedIn) => {
    const response = await getAs(t.app, who, `/api/admin/outliers?taskId=${fixture.taskId}`);
    expect(response.statusCode).toBe(200);
    return outlierList.parse(response.json()).flags;
  };

  it('flags the planted outliers by HB against the same month last year and the previous month', async () => {
    expect(summary(await outliersOf(yubei))).toEqual([
      '渝北编辑collapse monthly.2020 previous-month low',
      '渝北编辑collapse monthly.2020 same-month-last-year low',
      '渝北编辑unit-error monthly.2010 previous-month high',
      '渝北编辑unit-error monthly.2010 same-month-last-year high',
    ]);
  });

  it('gives the numbers behind a flag: the increments compared, the effect and the bounds', async () => {
    const flag = (await outliersOf(yubei)).find(
      (found) => found.enterpriseName === '渝北编辑unit-error' && found.comparison === 'same-month-last-year',
    );
    expect(flag).toMatchObject({ classKey: '6513|50', classSize: 12, label: '2010', name: '主营业务收入' });
    if (flag?.numbers.method !== 'hb') throw new Error('expected an HB flag');
    // July's increment typed as ten months' worth of its 2026 monthly 主营业务收入 (1100 × 1.15 × 1.25 × 10), against
    // July 2025's increment (1100 × 1.25 times its July seasonal factor 1 + 0.03 sin(10 × 0.7 + 7)).
    expect(flag.numbers.current).toBeCloseTo(1100 * 1.15 * 1.25 * 10, 6);
    expect(flag.numbers.previous).toBeCloseTo(1100 * 1.25 * (1 + 0.03 * Math.sin(7 + 7)), 1);
    expect(flag.numbers).toMatchObject({ exponent: 0.5, minimumDistance: 0.05, width: 4 });
    expect(flag.numbers.effect).toBeGreaterThan(flag.numbers.upperBound);
  });

  it('judges a class without history by sigma-gap on the levels, and keeps each region to its own enterprises', async () => {
    const flags = await outliersOf(nanshan);
    expect(summary(flags)).toEqual([
      '南山编辑giant monthly.2010 class-levels high',
      '南山编辑giant monthly.2020 class-levels high',
      '南山编辑giant monthly.2040 class-levels high',
      '南山编辑giant monthly.2090 class-levels high',
    ]);
    expect(flags[0]?.numbers).toMatchObject({ method: 'sigma-gap', beta: 4, startCentile: 75 });
    expect(await outliersOf(ministry)).toHaveLength(8);
  });

  it('keeps the run in the database for every server instance, and computes it again once a filing changes', async () => {
    const stored = await t.ctx.db
      .selectFrom('outlier_runs')
      .select(['version', 'flags'])
      .where('period', '=', '2026-07')
      .executeTakeFirstOrThrow();
    expect(stored.flags).toHaveLength((await outliersOf(ministry)).length);
    // Another instance (no memory shared with this one) brings 'unit-error' back in line: the next read sees it.
    const filingId = fixture.filings['unit-error']!;
    const filing = await t.ctx.db
      .selectFrom('filings')
      .select('cell_values')
      .where('id', '=', filingId)
      .executeTakeFirstOrThrow();
    const july = filing.cell_values.monthly!;
    await t.ctx.db
      .updateTable('filings')
      .set({
        cell_values: JSON.stringify({
          monthly: { ...july, '2010': (july['2010'] as number) - 1100 * 1.15 * 1.25 * 9 },
        }),
        updated_at: new Date(Date.now() + 1000),
      })
      .where('id', '=', filingId)
      .execute();
    expect(summary(await outliersOf(yubei)).filter((line) => line.includes('unit-error'))).toEqual([]);
    const again = await t.ctx.db
      .selectFrom('outlier_runs')
      .select('version')
      .where('period', '=', '2026-07')
      .executeTakeFirstOrThrow();
    expect(again.version).not.toBe(stored.version);
    // Put back for the tests after this one.
    await t.ctx.db
      .updateTable('filings')
      .set({ cell_values: JSON.stringify(filing.cell_values), updated_at: new Date(Date.now() + 2000) })
      .where('id', '=', filingId)
      .execute();
  });

  it("shows a filing's own flags on its review page, and none of another region's filing", async () => {
    const url = (name: string) => `/api/admin/review/filings/${fixture.filings[name]}/outliers`;
    const own = outlierList.parse((await getAs(t.app, yubei, url('collapse'))).json());
    expect(own.flags.map((flag) => flag.comparison).sort()).toEqual([
      'previous-month',
      'same-month-last-year',
    ]);
    expect((await getAs(t.app, yubei, url('giant'))).statusCode).toBe(404);
  });
});
