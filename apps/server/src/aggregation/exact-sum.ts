// 汇总 adds filed values in integer cents. Every accepted value has at most two decimals (the survey's unit
// bounds: 万元 and 万美元 to the cent, 千元 to one decimal, persons whole), so a sum in cents is exact up to 2^53
// cents (9×10^13 万元, far above the nation's total), where adding doubles would leave noise (0.1 + 0.2).

/**
 * A filed number, or an exact sum from the database (a JSON number, or `numeric` as text such as '0.30'), in
 * integer cents; null for a blank or for a value no double can hold (a legacy 1e308 + 1e308), which then shows
 * as blank instead of failing 汇总.
 */
export function centsOf(value: unknown): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(number)) return null;
  const cents = Math.round(number * 100);
  return Number.isFinite(cents) ? cents : null;
}

/** Cents as a number of the cell's unit: the double nearest the decimal, which prints without noise (0.3). */
export function fromCents(cents: number): number {
  return cents / 100 || 0;
}
