import { describe, expect, it } from 'vitest';
import { auditFiling, warningsNeedingExplanation, type Finding } from '../src/index.ts';
import { clone, derivedNumber, edition, fullAnnualSample, numberAt, setCell } from './fixtures.ts';

// The five serious warnings of the ministry's manual (填写审核说明 dialog): each fires as a warning, with
// the manual's wording, on the cells it is about.

const sample = fullAnnualSample();
const grid = 'revenue-classification';

function warningsOf(values: typeof sample, ruleId: string): Finding[] {
  const findings = auditFiling(edition, { periodType: 'year', values }).findings;
  return warningsNeedingExplanation(findings).filter((finding) => finding.ruleId === ruleId);
}

describe('the five serious warnings of the manual', () => {
  it('1: row 1.3 平台软件 exports more than 出口1 + 出口2', () => {
    const values = clone(sample);
    setCell(
      values,
      grid,
      '1.3:export',
      numberAt(values, grid, '1.3:export1') + numberAt(values, grid, '1.3:export2') + 8,
    );
    const [finding, ...others] = warningsOf(values, 'W-MAN-01');
    expect(others).toEqual([]);
    expect(finding!.message.startsWith('第1行1.3平台软件:本年出口>出口1+出口2')).toBe(true);
    expect(finding!.cells).toEqual([
      { formId: grid, key: '1.3:export' },
      { formId: grid, key: '1.3:export1' },
      { formId: grid, key: '1.3:export2' },
    ]);
  });

  it('1: names the row at fault in another class too', () => {
    const values = clone(sample);
    setCell(values, grid, '2.2:export', numberAt(values, grid, '2.2:export') + 1);
    expect(warningsOf(values, 'W-MAN-01').map((finding) => finding.message.slice(0, 14))).toEqual([
      '第2行2.2软件开发服务:本',
    ]);
  });

  it('2: the classification export total differs from A61 + A63', () => {
    const values = clone(sample);
    setCell(values, 'business', 'A63', numberAt(values, 'business', 'A63') + 2);
    const [finding] = warningsOf(values, 'W-MAN-02');
    expect(finding!.message).toContain(
      '软件业务收入分类表中的软件产品、信息技术服务、信息安全各行业中的产品出口合计值=A61(软件外包服务出口)+A63(其它软件业务出口)',
    );
    expect(finding!.cells).toEqual([
      { formId: grid, key: '1:export' },
      { formId: grid, key: '2:export' },
      { formId: grid, key: '3:export' },
      { formId: 'business', key: 'A61' },
      { formId: 'business', key: 'A63' },
    ]);
  });

  it('3: the software profit rate lies outside 15.8% ± 200%', () => {
    const softwareRevenue = derivedNumber(sample, 'business', 'A10');
    for (const [rate, fires] of [
      [47, false],
      [48, true],
      [-15, false],
      [-17, true],
    ] as const) {
      const values = clone(sample);
      setCell(values, 'finance', 'F55', Math.round(softwareRevenue * rate * 0.1));
      const findings = warningsOf(values, 'W-MAN-03');
      expect(findings.length, `profit rate ${rate}%`).toBe(fires ? 1 : 0);
      if (fires) {
        expect(findings[0]!.message).toMatch(
          /^软件业务利润率\(主要财务指标表中的利润总额\/软件业务收入合计\*100\)为-?\d/,
        );
        expect(findings[0]!.message).toContain('偏离全国平均值15.8%正负200%,请确认');
        expect(findings[0]!.cells).toEqual([
          { formId: 'finance', key: 'F55' },
          { formId: 'business', key: 'A10' },
        ]);
      }
    }
  });

  it('4: software revenue below 30% of main-business revenue', () => {
    const values = clone(sample);
    const mainRevenue = Math.round((derivedNumber(values, 'business', 'A10') * 10) / 0.29);
    setCell(values, 'finance', 'F31', mainRevenue);
    setCell(values, 'finance', 'F30', mainRevenue);
    const [finding] = warningsOf(values, 'W-MAN-04');
    expect(finding!.message.startsWith('软件业务收入合计与主营业务收入的比值大于等于30%的企业才能纳统')).toBe(
      true,
    );
    expect(finding!.cells).toEqual([
      { formId: 'business', key: 'A10' },
      { formId: 'finance', key: 'F31' },
    ]);
  });

  it('5: D15 and D16 both blank', () => {
    const values = clone(sample);
    setCell(values, 'business', 'D17', numberAt(values, 'business', 'D10'));
    setCell(values, 'business', 'D15', null);
    expect(warningsOf(values, 'W-MAN-05')).toEqual([]);
    setCell(values, 'business', 'D16', null);
    expect(warningsOf(values, 'W-MAN-05')).toEqual([
      {
        ruleId: 'W-MAN-05',
        severity: 'warning',
        message: 'D15(硕士及以上)与D16(大专及大本)至少一项不能为空',
        cells: [
          { formId: 'business', key: 'D15' },
          { formId: 'business', key: 'D16' },
        ],
      },
    ]);
  });

  it('are warnings, not blocking errors', () => {
    const manual = edition.rules.filter((rule) => rule.id.startsWith('W-MAN-'));
    expect(manual.map((rule) => rule.severity)).toEqual([
      'warning',
      'warning',
      'warning',
      'warning',
      'warning',
    ]);
  });
});
