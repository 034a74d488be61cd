import type { PeriodType } from '../db/schema.ts';

/** '2026-10' → '2026年10月', '2025' → '2025年', as the ministry's screens write report periods. */
export function formatPeriodLabel(periodType: PeriodType, period: string): string {
  if (periodType === 'year') return `${period}年`;
  const [year, month] = period.split('-');
  return `${year}年${month}月`;
}

/** The report's name as the enterprise's 填报数据查询 lists it. */
export function formatReportName(periodType: PeriodType, period: string): string {
  return periodType === 'year'
    ? `${period}年软件和信息技术服务业年报`
    : `${formatPeriodLabel(periodType, period)}软件和信息技术服务业月报-企业月报表`;
}

/** The period before: '2026-03' → '2026-02', '2025' → '2024'; January has none (a year starts its sums afresh). */
export function previousPeriodOf(periodType: PeriodType, period: string): string | null {
  if (periodType === 'year') return String(Number(period) - 1);
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 1 ? null : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The same period a year earlier: '2026-03' → '2025-03', '2025' → '2024'. */
export function samePeriodLastYearOf(period: string): string {
  return `${Number(period.slice(0, 4)) - 1}${period.slice(4)}`;
}
