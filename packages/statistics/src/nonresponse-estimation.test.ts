import { describe, expect, it } from 'vitest';
import {
  carryForward,
  estimateNonRespondents,
  median,
  predictRespondents,
  ratioOfMeans,
  type YearToDateHistory,
} from './nonresponse-estimation.ts';

const unit = (unitId: string, classKey: string, figures: Partial<YearToDateHistory>): YearToDateHistory => ({
  unitId,
  classKey,
  current: null,
  previous: null,
  beforePrevious: null,
  lastYear: null,
  lastYearPrevious: null,
  ...figures,
});

// March of one class, by hand. Respondents' increments: r1 40 (last year's March 30, February 50), r2 60 (50, 100),
// r3 20 (no last year, February 20).
// same-month growth (40 + 60) / (30 + 50) = 1.25; last-increment growth (40 + 60 + 20) / (50 + 100 + 20) = 12/17;
// year-on-year (130 + 260) / (100 + 190) = 39/29; median increment 40, median level 130.
const respondents = [
  unit('r1', 'A', { current: 130, previous: 90, beforePrevious: 40, lastYear: 100, lastYearPrevious: 70 }),
  unit('r2', 'A', { current: 260, previous: 200, beforePrevious: 100, lastYear: 190, lastYearPrevious: 140 }),
  unit('r3', 'A', { current: 50, previous: 30, beforePrevious: 10 }),
];

describe('estimates for non-respondents (ratio of means within the class)', () => {
  const estimates = estimateNonRespondents([
    ...respondents,
    unit('n1', 'A', { previous: 500, lastYear: 480, lastYearPrevious: 400 }),
    unit('n2', 'A', { previous: 300, beforePrevious: 200 }),
    unit('n3', 'A', { lastYear: 1000 }),
    unit('n4', 'A', {}),
    unit('n5', 'A', { previous: 80 }),
    unit('n6', 'B', { previous: 10, lastYear: 12, lastYearPrevious: 9 }),
  ]);

  it("adds the same month's increment last year, grown as the class's, to the previous year-to-date value", () => {
    expect(estimates.get('n1')).toEqual({
      unitId: 'n1',
      classKey: 'A',
      value: 600,
      method: 'same-month-growth',
      growth: 1.25,
      donorCount: 2,
    });
  });

  it("without last year, grows the previous month's increment by the class's trend", () => {
    const estimate = estimates.get('n2')!;
    expect(estimate.method).toBe('last-increment');
    expect(estimate.growth).toBeCloseTo(12 / 17, 12);
    expect(estimate.value).toBeCloseTo(300 + (100 * 12) / 17, 9);
    expect(estimate.donorCount).toBe(3);
  });

  it("without this year's previous month, grows last year's year-to-date value by the class's", () => {
    const estimate = estimates.get('n3')!;
    expect(estimate.method).toBe('year-on-year');
    expect(estimate.value).toBeCloseTo((1000 * 39) / 29, 9);
    expect(estimate.donorCount).toBe(2);
  });

  it("gives a unit without history its class's median", () => {
    expect(estimates.get('n4')).toMatchObject({
      value: 130,
      method: 'class-median',
      growth: null,
      donorCount: 3,
    });
    // With a previous year-to-date value, the median increment is added to it.
    expect(estimates.get('n5')).toMatchObject({ value: 120, method: 'class-median', donorCount: 3 });
  });

  it('estimates nothing for respondents or for a class without respondents', () => {
    expect([...estimates.keys()].sort()).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
  });

  it('leaves out respondents that may not serve as donors', () => {
    const withoutR2 = estimateNonRespondents([
      respondents[0]!,
      { ...respondents[1]!, isDonor: false },
      unit('n1', 'A', { previous: 500, lastYear: 480, lastYearPrevious: 400 }),
    ]);
    expect(withoutR2.get('n1')!.value).toBeCloseTo(500 + (80 * 40) / 30, 9);
    expect(withoutR2.get('n1')!.donorCount).toBe(1);
  });

  it('counts January from 0: the previous month of January is the start of the year', () => {
    const january = estimateNonRespondents([
      unit('r', 'A', { current: 30, previous: 0, lastYear: 20, lastYearPrevious: 0 }),
      unit('n', 'A', { previous: 0, lastYear: 10, lastYearPrevious: 0 }),
    ]);
    expect(january.get('n')).toMatchObject({ value: 15, method: 'same-month-growth', growth: 1.5 });
  });
});

describe('what history predicts for respondents', () => {
  it("leaves the unit out of its own class's growth", () => {
    const predictions = predictRespondents(respondents);
    // r1 against r2 alone: 90 + 30 · 60/50; r2 against r1: 200 + 50 · 40/30; r3 by trend over r1, r2: 30 + 20 · 100/150.
    expect(predictions.get('r1')!.value).toBeCloseTo(126, 9);
    expect(predictions.get('r2')!.value).toBeCloseTo(200 + (50 * 4) / 3, 9);
    expect(predictions.get('r3')).toMatchObject({ method: 'last-increment', donorCount: 2 });
    expect(predictions.get('r3')!.value).toBeCloseTo(30 + (20 * 2) / 3, 9);
  });
});

describe('building blocks', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('ratio of means needs a positive denominator', () => {
    expect(
      ratioOfMeans([
        { now: 6, before: 4 },
        { now: 4, before: 1 },
      ]),
    ).toBe(2);
    expect(ratioOfMeans([{ now: 6, before: 0 }])).toBeNull();
    expect(ratioOfMeans([])).toBeNull();
  });

  it("carries an annual value forward with its class's growth, unchanged without one", () => {
    expect(
      carryForward({
        unitId: 'a',
        classKey: 'A',
        lastYear: 200,
        classGrowth: { growth: 1.1, donorCount: 4 },
      }),
    ).toEqual({
      unitId: 'a',
      classKey: 'A',
      value: 200 * 1.1,
      method: 'carried-forward',
      growth: 1.1,
      donorCount: 4,
    });
    expect(carryForward({ unitId: 'a', classKey: 'A', lastYear: 200, classGrowth: null }).value).toBe(200);
  });
});
