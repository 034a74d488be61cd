import { describe, expect, it } from 'vitest';
import { auditFiling, createIncrementalAuditor, type CellValue, type FilingValues } from '../src/index.ts';
import { clone, edition, fullAnnualSample, monthlyCase, setCell } from './fixtures.ts';

// Issue 14, finding 2: 1e308 in 主营业务收入 or 利润总额 passed the audit, so the filing counted as clean, was
// bulk-approved and overflowed 汇总. Every typed number must stay within the bound of its unit, as a 必改错误.

const monthly = monthlyCase();

function auditMonthly(key: string, value: CellValue) {
  const values = clone(monthly.values);
  setCell(values, 'monthly', key, value);
  return auditFiling(edition, { periodType: 'month', ...monthly, values }).findings;
}

const rangeFindings = (findings: ReturnType<typeof auditMonthly>) =>
  findings.filter((finding) => finding.ruleId === 'E-MON-RANGE' || finding.ruleId === 'E-RANGE');

describe('plausibility bounds by unit', () => {
  it('flags 1e308 in 2010 主营业务收入 and 2090 利润总额 as a 必改错误 naming the cell and the bound', () => {
    const revenue = rangeFindings(auditMonthly('2010', 1e308));
    expect(revenue).toEqual([
      {
        ruleId: 'E-MON-RANGE',
        severity: 'error',
        message:
          '软件和信息技术服务业企业月报表: 主营业务收入(2010)为1e+308万元,超出合理范围:绝对值不能超过1,000,000,000万元(10亿万元)',
        cells: [{ formId: 'monthly', key: '2010' }],
      },
    ]);
    const profit = rangeFindings(auditMonthly('2090', 1e308));
    expect(profit.map((finding) => [finding.severity, finding.cells])).toEqual([
      ['error', [{ formId: 'monthly', key: '2090' }]],
    ]);
    expect(profit[0]!.message).toContain('利润总额(2090)');
    // 利润 may be negative, but not absurdly so.
    expect(rangeFindings(auditMonthly('2090', -1e308))[0]!.message).toContain('-1e+308万元');
    expect(rangeFindings(auditMonthly('2090', -1_000_000_000))).toEqual([]);
  });

  it('accepts a value at the bound and refuses one just beyond it', () => {
    expect(rangeFindings(auditMonthly('2010', 999_999_999.99))).toEqual([]);
    expect(rangeFindings(auditMonthly('2010', 1_000_000_000))).toEqual([]);
    expect(rangeFindings(auditMonthly('2010', 1_000_000_000.01))).toHaveLength(1);
    expect(rangeFindings(auditMonthly('2112', 10_000_000))).toEqual([]);
    expect(rangeFindings(auditMonthly('2112', 10_000_001))[0]!.message).toBe(
      '软件和信息技术服务业企业月报表: 平均用工人数(2112)为10000001人,超出合理范围:不能超过10,000,000人(1000万人)',
    );
    expect(rangeFindings(auditMonthly('2113', -9_999.5))).toEqual([]);
    expect(rangeFindings(auditMonthly('2113', 10_000.01))[0]!.message).toContain('不能超过10,000%');
    expect(rangeFindings(auditMonthly('2041', 100_000_000.01))[0]!.message).toContain('1亿万美元');
  });

  it('allows two decimals in 万元, one in 千元 and none in 人', () => {
    expect(rangeFindings(auditMonthly('2010', 1234.07))).toEqual([]);
    expect(rangeFindings(auditMonthly('2010', 1234.075))[0]!.message).toBe(
      '软件和信息技术服务业企业月报表: 主营业务收入(2010)为1234.075万元,最多保留两位小数',
    );
    expect(rangeFindings(auditMonthly('2112', 120.5))[0]!.message).toContain('为120.5人,应为整数');
    const annual = fullAnnualSample();
    const audit = (value: number) => {
      const values: FilingValues = clone(annual);
      setCell(values, 'finance', 'F70', value);
      return rangeFindings(auditFiling(edition, { periodType: 'year', values }).findings);
    };
    expect(audit(12_345.6)).toEqual([]);
    expect(audit(12_345.67)[0]!.message).toBe(
      '企业主要财务指标表: 应付职工薪酬(F70)为12345.67千元,最多保留一位小数',
    );
    expect(audit(1e308)[0]).toMatchObject({ ruleId: 'E-RANGE', severity: 'error' });
  });

  it('refuses NaN, Infinity and text in a number cell instead of reading them as blank', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1e999', 'abc']) {
      const findings = rangeFindings(auditMonthly('2080', value));
      expect(findings, String(value)).toEqual([
        expect.objectContaining({
          ruleId: 'E-MON-RANGE',
          severity: 'error',
          message: '软件和信息技术服务业企业月报表: 费用总额(2080)不是有效的数字,请填写有限的数值',
        }),
      ]);
    }
    // Blank stays blank: no plausibility finding (the required rule speaks for it).
    expect(rangeFindings(auditMonthly('2080', null))).toEqual([]);
    expect(rangeFindings(auditMonthly('2080', ' '))).toEqual([]);
  });

  it('shows the error as the filer types, and clears it when corrected', () => {
    const auditor = createIncrementalAuditor(edition, { periodType: 'month', ...monthly });
    expect(rangeFindings(auditor.findings as ReturnType<typeof auditMonthly>)).toEqual([]);
    const typed = auditor.setCell('monthly', '2010', 1e308);
    expect(rangeFindings(typed.findings as ReturnType<typeof auditMonthly>)).toHaveLength(1);
    const corrected = auditor.setCell('monthly', '2010', monthly.values.monthly!['2010']!);
    expect(rangeFindings(corrected.findings as ReturnType<typeof auditMonthly>)).toEqual([]);
  });

  it('never lets a negative number of persons pass, whatever the form says', () => {
    const findings = auditMonthly('2112', -3);
    expect(findings.map((finding) => finding.ruleId)).toContain('E-MON-NEG');
  });
});
