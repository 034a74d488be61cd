import { describe, expect, it } from 'vitest';
import { median, sortedQuantile } from './quantiles.ts';

describe('sortedQuantile (type 7, as percentile_cont)', () => {
  it('interpolates between order statistics', () => {
    const sorted = [1, 2, 4, 8];
    expect(sortedQuantile(sorted, 0)).toBe(1);
    expect(sortedQuantile(sorted, 0.25)).toBe(1.75);
    expect(sortedQuantile(sorted, 0.5)).toBe(3);
    expect(sortedQuantile(sorted, 1)).toBe(8);
    expect(median([8, 1, 4])).toBe(4);
  });

  it('refuses an empty list and an order outside [0, 1]', () => {
    expect(() => sortedQuantile([], 0.5)).toThrow();
    expect(() => sortedQuantile([1], 1.5)).toThrow(/1.5/);
  });
});
