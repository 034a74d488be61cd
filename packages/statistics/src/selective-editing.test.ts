import { describe, expect, it } from 'vitest';
import { filingScore, localScore, planReview } from './selective-editing.ts';

describe('scores', () => {
  it('weighs the distance from the expected value by the total', () => {
    expect(localScore({ value: 120, expected: 100, total: 1000 })).toBeCloseTo(0.02, 15);
    expect(localScore({ value: 80, expected: 100, total: -1000, weight: 2 })).toBeCloseTo(0.04, 15);
    expect(localScore({ value: 80, expected: 100, total: 0 })).toBe(0);
  });

  it('sums the key indicators', () => {
    expect(
      filingScore([
        { value: 120, expected: 100, total: 1000 },
        { value: 5, expected: 10, total: 50 },
      ]),
    ).toBeCloseTo(0.12, 15);
  });
});

describe('the review plan', () => {
  // Two key indicators with totals 1000 and 200. Order b, a, then c and d (equal scores, by id). Open errors from
  // the end: after 3 reviews [5, 5] → max(0.005, 0.025); after 2 [15, 5] → 0.025; after 1 [65, 5] → 0.065;
  // before any [65, 25] → 0.125.
  const filings = [
    { id: 'a', score: 0.05, possibleErrors: [50, 0] },
    { id: 'b', score: 0.1, possibleErrors: [0, 20] },
    { id: 'd', score: 0.01, possibleErrors: [5, 5] },
    { id: 'c', score: 0.01, possibleErrors: [10, 0] },
  ];

  it('orders by decreasing score and bounds the error left after each review', () => {
    const plan = planReview(filings, [1000, 200], 0.03);
    expect(plan.order).toEqual(['b', 'a', 'c', 'd']);
    expect(plan.remainingError.map((error) => Number(error.toFixed(12)))).toEqual([
      0.125, 0.065, 0.025, 0.025, 0,
    ]);
    expect(plan.stopAfter).toBe(2);
  });

  it('stops at once under a loose threshold and only at the end under none', () => {
    expect(planReview(filings, [1000, 200], 0.2).stopAfter).toBe(0);
    expect(planReview(filings, [1000, 200], 0).stopAfter).toBe(4);
    expect(planReview([], [1000], 0.01)).toEqual({ order: [], remainingError: [0], stopAfter: 0 });
  });
});
