import { describe, expect, it } from 'vitest';
import { sigmaGap, type LevelValue } from './sigma-gap.ts';

const level = (values: number[]): LevelValue[] => values.map((value, index) => ({ id: `u${index}`, value }));

describe('sigmaGap on a hand-computed class', () => {
  // Sorted −60, 10, 11, 12, 13, 14, 15, 100: median 12.5; |x − 12.5| sorted 0.5, 0.5, 1.5, 1.5, 2.5, 2.5, 72.5,
  // 87.5 → MAD 2, σ = 2.9652, β·σ = 11.8608. Upward from the 75th centile 14.25 (first value 15): the gap 15 → 100
  // is 85, so 100 is high. Downward from the 25th centile 10.75 (last value 10): the gap 10 → −60 is 70: −60 low.
  const outcome = sigmaGap(level([12, 100, 10, 13, -60, 11, 15, 14]), { beta: 4, startCentile: 75 });

  it('gives σ and the gaps', () => {
    expect(outcome.statistics).toMatchObject({ count: 8, median: 12.5, upperGapFrom: 15, lowerGapFrom: 10 });
    expect(outcome.statistics?.sigma).toBeCloseTo(2.9652, 9);
    expect(outcome.statistics?.gapLimit).toBeCloseTo(11.8608, 9);
  });

  it('flags the values beyond the gaps', () => {
    expect(
      outcome.units.filter((unit) => unit.outlierSide).map((unit) => [unit.value, unit.outlierSide]),
    ).toEqual([
      [100, 'high'],
      [-60, 'low'],
    ]);
  });

  it('flags nothing when β is so large that no gap qualifies', () => {
    const wide = sigmaGap(level([12, 100, 10, 13, -60, 11, 15, 14]), { beta: 40, startCentile: 75 });
    expect(wide.units.every((unit) => unit.outlierSide === null)).toBe(true);
  });
});

describe('sigmaGap refuses to judge', () => {
  it('a class of fewer than five values or without spread', () => {
    expect(sigmaGap(level([1, 2, 3, 400]), { beta: 4, startCentile: 75 }).statistics).toBeNull();
    const flat = sigmaGap(level([5, 5, 5, 5, 5, 900]), { beta: 4, startCentile: 75 });
    expect(flat.statistics).toBeNull();
    expect(flat.units.every((unit) => unit.outlierSide === null)).toBe(true);
  });

  it('a start centile below the median', () => {
    expect(() => sigmaGap(level([1, 2, 3, 4, 5]), { beta: 4, startCentile: 25 })).toThrow(/25/);
  });
});
