import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewQueue } from '@zhibao/contracts';
import { createEstimationFixture } from '../test/estimation-fixture.ts';
import { createAdmin } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// The data set of estimation-fixture.ts, scored on the key indicators 2010, 2020, 2040, 2090 (only the first two
// hold figures, 2010 twice 2020). What history predicts, each filing left out of its class's donors:
//   R1: 120 + 30 · 60/50 = 156 against 160 → |y − ŷ| = 4 (2020), 8 (2010)
//   R2: 220 + 50 · 40/30 = 286.67 against 280 → 20/3 (2020), 40/3 (2010)
// T̂ of the class (reported plus estimated, 2020): 160 + 280 + 600 + (300 + 200 · 100/180) + 220; 2010 twice that.
const classTotal = 160 + 280 + 600 + (300 + (200 * 100) / 180) + 220;
const scoreR1 = (8 / (2 * classTotal)) * 2;
const scoreR2 = (40 / 3 / (2 * classTotal)) * 2;

describe.each(databaseKinds)('selective editing in the review queue on %s', (kind) => {
  let t: TestApp;
  let city: SignedIn;
  let district: SignedIn;
  let ids: Awaited<ReturnType<typeof createEstimationFixture>>['ids'];

  beforeAll(async () => {
    t = await createTestApp(kind);
    ({ ids } = await createEstimationFixture(t.ctx.db));
    const cityAccount = await createAdmin(t.ctx.db, { adminLevel: 'city', regionCode: '440300' });
    city = await signIn(t.app, cityAccount.username, cityAccount.password);
    const districtAccount = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    district = await signIn(t.app, districtAccount.username, districtAccount.password);
  });
  afterAll(() => t.close());

  const queue = async () => {
    const response = await getAs(t.app, city, '/api/admin/review/queue?orderBy=score');
    expect(response.statusCode).toBe(200);
    return response.json() as ReviewQueue;
  };

  it('orders the filings by score, the sum over key indicators of |y − ŷ| / T̂', async () => {
    const { items } = await queue();
    expect(items.map((item) => item.enterpriseId)).toEqual([ids.r2, ids.r1]);
    expect(items[0]!.score).toBeCloseTo(scoreR2, 12);
    expect(items[1]!.score).toBeCloseTo(scoreR1, 12);
  });

  it("bounds the error left in the region's total after each review and stops under the threshold", async () => {
    const { items, progress } = await queue();
    expect(progress).toHaveLength(1);
    const [plan] = progress;
    expect(plan!.keyIndicators).toEqual(['monthly.2010', 'monthly.2020', 'monthly.2040', 'monthly.2090']);
    expect(plan!.remainingError).toHaveLength(3);
    expect(plan!.remainingError[0]).toBeCloseTo((4 + 20 / 3) / classTotal, 12);
    expect(plan!.remainingError[1]).toBeCloseTo(4 / classTotal, 12);
    expect(plan!.remainingError[2]).toBe(0);
    // The default threshold (0.01) lies above 0.64%: both filings may be accepted as they are.
    expect(plan).toMatchObject({ regionCode: '440300', stopThreshold: 0.01, stopAfter: 0 });
    expect(items.every((item) => item.isAcceptedAsIs)).toBe(true);
  });

  it("follows the region's own threshold", async () => {
    const saved = await sendAs(t.app, city, 'PUT', '/api/admin/review/stop-threshold', {
      stopThreshold: 0.005,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ regionCode: '440300', stopThreshold: 0.005, isDefault: false });
    const { items, progress } = await queue();
    expect(progress[0]).toMatchObject({ stopThreshold: 0.005, stopAfter: 1 });
    expect(items.map((item) => item.isAcceptedAsIs)).toEqual([false, true]);
  });

  it('refuses a threshold outside (0, 1) naming it, and a region out of reach as not found', async () => {
    const wrong = await sendAs(t.app, city, 'PUT', '/api/admin/review/stop-threshold', {
      stopThreshold: 1.5,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().invalidParams[0].name).toBe('stopThreshold');
    const above = await sendAs(t.app, district, 'PUT', '/api/admin/review/stop-threshold', {
      regionCode: '440300',
      stopThreshold: 0.02,
    });
    expect(above.statusCode).toBe(404);
  });
});
