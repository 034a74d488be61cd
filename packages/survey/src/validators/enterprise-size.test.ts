import { describe, expect, it } from 'vitest';
import { classifyEnterpriseSize, ENTERPRISE_SIZE_LABELS } from './enterprise-size.ts';

describe('企业规模 (统计上大中小微型企业划分办法(2017), 软件和信息技术服务业)', () => {
  it('needs both thresholds for a size and falls one size lower otherwise', () => {
    const cases: Array<[number, number, string]> = [
      [300, 10000, '大型'],
      [299, 50000, '中型'],
      [1000, 9999, '中型'],
      [100, 1000, '中型'],
      [99, 5000, '小型'],
      [10, 50, '小型'],
      [9, 800, '微型'],
      [50, 49, '微型'],
    ];
    for (const [employees, revenue, label] of cases) {
      expect(
        ENTERPRISE_SIZE_LABELS[classifyEnterpriseSize(employees, revenue)],
        `${employees}人 ${revenue}万元`,
      ).toBe(label);
    }
  });
});
