import { describe, expect, it } from 'vitest';
import { monthIncrement, shiftMonth } from './year-to-date.ts';

describe('year-to-date arithmetic', () => {
  it('shifts months across years', () => {
    expect(shiftMonth('2026-03', -3)).toBe('2025-12');
    expect(shiftMonth('2026-03', -15)).toBe('2024-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
  });

  it("takes the month's increment, January's being its year-to-date value", () => {
    expect(monthIncrement('2026-03', 300, 180)).toBe(120);
    expect(monthIncrement('2026-01', 90, 1200)).toBe(90);
    expect(monthIncrement('2026-03', 300, null)).toBeNull();
    expect(monthIncrement('2026-03', null, 180)).toBeNull();
  });
});
