import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditingFixture, type EditingFixture } from '../test/editing-fixture.ts';
import { createEnterprise, createFiling } from '../test/factories.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { findTaskWithOwnerRegion, listTasksWithOwnerRegion } from '../task/task.repository.ts';
import { estimateOfEnterprise } from './enterprise-estimate.ts';

// Banff ESTIMATOR: outliers are no donors. In the editing data set 'unit-error' typed July's 主营业务收入 ten times
// over and 'collapse' reported almost no software product revenue; a 渝北 enterprise of the same class that has
// not filed July is estimated from the ten others alone.

describe.each(databaseKinds)('outliers left out of the donors of an estimate on %s', (kind) => {
  let t: TestApp;
  let fixture: EditingFixture;
  let missingId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    fixture = await createEditingFixture(t.ctx.db);
    // A key enterprise listed while July is open joins it (应报).
    const missing = await createEnterprise(t.ctx.db, { regionCode: '500112', name: '渝北未报' });
    missingId = missing.id;
    const tasks = await t.ctx.db.selectFrom('survey_tasks').select(['id', 'period']).execute();
    const history = { '2025-06': 600, '2025-07': 700, '2026-05': 550, '2026-06': 660 } as const;
    for (const [period, value] of Object.entries(history)) {
      await createFiling(t.ctx.db, {
        taskId: tasks.find((task) => task.period === period)!.id,
        enterpriseId: missing.id,
        status: 'approved',
        values: { monthly: { '2010': value, '2021': value / 2 } },
      });
    }
  });
  afterAll(() => t.close());

  it('estimates from the respondents the outlier run did not flag', async () => {
    const task = (await findTaskWithOwnerRegion(t.ctx.db, fixture.taskId))!;
    const estimate = await estimateOfEnterprise(
      t.ctx.db,
      task,
      await listTasksWithOwnerRegion(t.ctx.db),
      missingId,
    );
    const revenue = estimate?.cells['monthly.2010'];
    // Twelve respondents of 渝北 (and ten of 南山 without history, no donors of a growth): the two flagged left out.
    expect(revenue).toMatchObject({ method: 'same-month-growth', donorCount: 10 });
    // The donors' July increments grew 5–14 % over last year's; with 'unit-error' among them it would be far more.
    expect(revenue!.growth).toBeGreaterThan(1.04);
    expect(revenue!.growth).toBeLessThan(1.16);
    expect(estimate?.cells['monthly.2021']).toMatchObject({ donorCount: 10 });
  });
});
