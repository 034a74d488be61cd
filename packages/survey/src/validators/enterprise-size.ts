// 统计上大中小微型企业划分办法(2017) for 软件和信息技术服务业 (forms-reference.md §4.5, [K]):
// X = 从业人员 (人), Y = 营业收入 (万元); 大/中/小 need both thresholds, otherwise one size lower.

export type EnterpriseSize = 'large' | 'medium' | 'small' | 'micro';

export const ENTERPRISE_SIZE_LABELS: Readonly<Record<EnterpriseSize, string>> = {
  large: '大型',
  medium: '中型',
  small: '小型',
  micro: '微型',
};

/** Codes of the 企业规模 code list (1 大型 … 4 微型). */
export const ENTERPRISE_SIZE_CODES: Readonly<Record<EnterpriseSize, string>> = {
  large: '1',
  medium: '2',
  small: '3',
  micro: '4',
};

const THRESHOLDS: ReadonlyArray<[EnterpriseSize, number, number]> = [
  ['large', 300, 10000],
  ['medium', 100, 1000],
  ['small', 10, 50],
];

/** Size class of a software and IT services enterprise from its headcount and 营业收入 in 万元. */
export function classifyEnterpriseSize(employees: number, revenueWanYuan: number): EnterpriseSize {
  for (const [size, minEmployees, minRevenue] of THRESHOLDS) {
    if (employees >= minEmployees && revenueWanYuan >= minRevenue) return size;
  }
  return 'micro';
}
