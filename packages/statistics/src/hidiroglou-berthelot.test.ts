import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hidiroglouBerthelot,
  type HbClassStatistics,
  type HbParameters,
  type HbUnitResult,
  type PairedValue,
} from './hidiroglou-berthelot.ts';

const DEFAULTS: HbParameters = { exponent: 0.5, minimumDistance: 0.05, width: 4 };

describe('hidiroglouBerthelot on a hand-computed class', () => {
  // Ratios 1.1, 1.1, 1, 1.21, 1.1, 4, 0.5 → r_med = 1.1. Sizes max(x_t, x_{t−1})^0.5 = 11, 22, 30, 44, 55, 20, 60.
  // s = 0, 0, 1 − 1.1/1 = −0.1, 1.21/1.1 − 1 = 0.1, 0, 4/1.1 − 1 = 29/11, 1 − 1.1/0.5 = −1.2.
  // E = 0, 0, −3, 4.4, 0, 580/11, −72; sorted −72, −3, 0, 0, 0, 4.4, 580/11 (type-7 quartiles, n = 7):
  // E_Q1 = −3 + 0.5·3 = −1.5, E_med = 0, E_Q3 = 0 + 0.5·4.4 = 2.2; |A·E_med| = 0, so d_Q1 = 1.5, d_Q3 = 2.2;
  // bounds 0 − 4·1.5 = −6 and 0 + 4·2.2 = 8.8: F (580/11) is high, G (−72) is low.
  const values: PairedValue[] = [
    { id: 'A', previous: 110, current: 121 },
    { id: 'B', previous: 440, current: 484 },
    { id: 'C', previous: 900, current: 900 },
    { id: 'D', previous: 1600, current: 1936 },
    { id: 'E', previous: 2750, current: 3025 },
    { id: 'F', previous: 100, current: 400 },
    { id: 'G', previous: 3600, current: 1800 },
    { id: 'zero', previous: 0, current: 50 },
    { id: 'negative', previous: 100, current: -5 },
  ];
  const outcome = hidiroglouBerthelot(values, DEFAULTS);

  it('gives the class statistics to 1e-9', () => {
    const statistics = outcome.statistics;
    expect(statistics?.count).toBe(7);
    expect(statistics?.medianRatio).toBeCloseTo(1.1, 9);
    expect(statistics?.effectQ1).toBeCloseTo(-1.5, 9);
    expect(statistics?.effectMedian).toBeCloseTo(0, 9);
    expect(statistics?.effectQ3).toBeCloseTo(2.2, 9);
    expect(statistics?.lowerBound).toBeCloseTo(-6, 9);
    expect(statistics?.upperBound).toBeCloseTo(8.8, 9);
  });

  it('gives each unit its centred ratio and effect to 1e-9, and flags F high and G low', () => {
    const expected: Record<string, [number, number, 'low' | 'high' | null]> = {
      A: [0, 0, null],
      B: [0, 0, null],
      C: [-0.1, -3, null],
      D: [0.1, 4.4, null],
      E: [0, 0, null],
      F: [29 / 11, 580 / 11, 'high'],
      G: [-1.2, -72, 'low'],
    };
    expect(outcome.units.map((unit) => unit.id)).toEqual(Object.keys(expected));
    for (const unit of outcome.units) {
      const [centredRatio, effect, side] = expected[unit.id] as [number, number, 'low' | 'high' | null];
      expect(unit.centredRatio, unit.id).toBeCloseTo(centredRatio, 9);
      expect(unit.effect, unit.id).toBeCloseTo(effect, 9);
      expect(unit.outlierSide, unit.id).toBe(side);
    }
  });

  it('leaves out units whose value is zero or negative', () => {
    expect(outcome.excludedIds).toEqual(['zero', 'negative']);
  });
});

describe('hidiroglouBerthelot with the minimum distance A', () => {
  // Ratios 1, 1, 2, 2 → r_med = 1.5; s = −0.5 (size 100), 1/3 (size 1); E sorted −50, −50, 1/3, 1/3.
  // E_Q1 = −50, E_med = (−50 + 1/3)/2 = −149/6, E_Q3 = 1/3; E_med − E_Q1 = E_Q3 − E_med = 151/6.
  const values: PairedValue[] = [
    { id: 'L1', previous: 10000, current: 10000 },
    { id: 'L2', previous: 10000, current: 10000 },
    { id: 'H1', previous: 0.5, current: 1 },
    { id: 'H2', previous: 0.5, current: 1 },
  ];

  it('uses the quartile distances when they exceed |A·E_med|', () => {
    const statistics = hidiroglouBerthelot(values, { ...DEFAULTS, width: 1 }).statistics;
    expect(statistics?.effectMedian).toBeCloseTo(-149 / 6, 9);
    expect(statistics?.lowerBound).toBeCloseTo(-149 / 6 - 151 / 6, 9);
    expect(statistics?.upperBound).toBeCloseTo(-149 / 6 + 151 / 6, 9);
  });

  it('widens both distances to |A·E_med| when that is larger (A = 2: 149/3)', () => {
    const statistics = hidiroglouBerthelot(values, {
      exponent: 0.5,
      minimumDistance: 2,
      width: 1,
    }).statistics;
    expect(statistics?.lowerBound).toBeCloseTo(-149 / 6 - 149 / 3, 9);
    expect(statistics?.upperBound).toBeCloseTo(-149 / 6 + 149 / 3, 9);
  });
});

describe('hidiroglouBerthelot refuses to judge', () => {
  it('a class of fewer than three testable units', () => {
    const outcome = hidiroglouBerthelot(
      [
        { id: 'a', previous: 1, current: 1 },
        { id: 'b', previous: 1, current: 100 },
        { id: 'c', previous: 0, current: 1 },
      ],
      DEFAULTS,
    );
    expect(outcome).toEqual({ statistics: null, units: [], excludedIds: ['c'] });
  });

  it('with parameters outside their ranges', () => {
    expect(() => hidiroglouBerthelot([], { ...DEFAULTS, exponent: 1.5 })).toThrow(/U=1.5/);
    expect(() => hidiroglouBerthelot([], { ...DEFAULTS, width: 0 })).toThrow(/C=0/);
  });
});

const pairs = fc.array(
  fc.record({
    previous: fc.double({ min: 1, max: 1e6, noNaN: true }),
    current: fc.double({ min: 1, max: 1e6, noNaN: true }),
  }),
  { minLength: 3, maxLength: 40 },
);
const withIds = (raw: Array<{ previous: number; current: number }>): PairedValue[] =>
  raw.map((pair, index) => ({ id: String(index), ...pair }));

describe('hidiroglouBerthelot properties', () => {
  it('is scale invariant: multiplying every value by k scales effects and bounds by k^U and keeps the flags', () => {
    fc.assert(
      fc.property(
        pairs,
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.constantFrom(0, 0.5, 1),
        (raw, k, exponent) => {
          const parameters = { ...DEFAULTS, exponent };
          const base = hidiroglouBerthelot(withIds(raw), parameters);
          const scaled = hidiroglouBerthelot(
            withIds(raw.map((pair) => ({ previous: pair.previous * k, current: pair.current * k }))),
            parameters,
          );
          const factor = k ** exponent;
          // Rounding: relative to the largest effect and the largest size weight max(x_t, x_{t−1})^U.
          const magnitude = Math.max(
            ...base.units.map((unit) => Math.abs(unit.effect)),
            ...raw.map((pair) => Math.max(pair.current, pair.previous) ** exponent),
          );
          const tolerance = 1e-9 * magnitude;
          const statistics = base.statistics as HbClassStatistics;
          for (const [index, unit] of base.units.entries()) {
            const other = scaled.units[index] as HbUnitResult;
            expect(Math.abs(other.effect - unit.effect * factor)).toBeLessThanOrEqual(tolerance * factor);
            // A unit lying on a bound (to rounding) may fall either way; every other keeps its flag.
            const distance = Math.min(
              Math.abs(unit.effect - statistics.lowerBound),
              Math.abs(unit.effect - statistics.upperBound),
            );
            if (distance > tolerance) expect(other.outlierSide).toBe(unit.outlierSide);
          }
        },
      ),
    );
  });

  it('is monotone in C: a wider interval never flags a unit a narrower one did not', () => {
    fc.assert(
      fc.property(
        pairs,
        fc.double({ min: 0.5, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (raw, narrow, extra) => {
          const values = withIds(raw);
          const flagged = (width: number) =>
            new Set(
              hidiroglouBerthelot(values, { ...DEFAULTS, width })
                .units.filter((unit) => unit.outlierSide !== null)
                .map((unit) => unit.id),
            );
          const narrower = flagged(narrow);
          for (const id of flagged(narrow + extra)) expect(narrower.has(id)).toBe(true);
        },
      ),
    );
  });
});
