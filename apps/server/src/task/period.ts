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
