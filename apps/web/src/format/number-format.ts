/**
 * The one place numbers are turned into text. The survey reports money in 千元 with thousands
 * separators; counts are integers. Grouping follows zh-CN conventions in both interface languages,
 * because the figures are the survey's own.
 */

const integerFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const moneyFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 });

/** A count such as 企业数: `12345` → `12,345`. */
export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/** An amount in 千元 with thousands separators and at most two decimals: `1234567.5` → `1,234,567.5`. */
export function formatMoney(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : moneyFormat.format(value);
}

const finePercentFormat = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 2 });

/** A small share already divided (a score, an error bound): `0.00478` → `0.48%`. */
export function formatRatio(share: number): string {
  return finePercentFormat.format(share);
}

/** A share of a whole: `(3, 4)` → `75%`; an empty whole is 0%. */
export function formatShare(part: number, whole: number): string {
  return percentFormat.format(whole > 0 ? part / whole : 0);
}

/** The same share as a 0–100 number, for progress bars. */
export function sharePercent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}

/** A growth rate already in percent: `12.3456` → `+12.35%`; none is a dash. */
export function formatGrowth(value: number | null): string {
  return value === null ? '—' : `${value > 0 ? '+' : ''}${value.toFixed(2)}%`;
}
