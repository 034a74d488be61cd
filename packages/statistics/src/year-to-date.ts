// Monthly reports carry year-to-date (累计) values: a month's own contribution is the difference from the month
// before, except in January, which starts the year's sums afresh.

/** A month ('2026-03') shifted by a number of months ('2026-03', −3 → '2025-12'). */
export function shiftMonth(period: string, months: number): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month's increment of a year-to-date value: YTD_t − YTD_{t−1}, or YTD_t itself in January. */
export function monthIncrement(
  period: string,
  yearToDate: number | null,
  previousMonthYearToDate: number | null,
): number | null {
  if (yearToDate === null) return null;
  if (period.endsWith('-01')) return yearToDate;
  return previousMonthYearToDate === null ? null : yearToDate - previousMonthYearToDate;
}
