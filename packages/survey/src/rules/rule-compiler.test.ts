import { describe, expect, it } from 'vitest';
import { frameWith } from '../../test/frame-helpers.ts';
import { getEdition } from '../definitions/editions.ts';
import { RuleCompileError } from './rule-errors.ts';
import { compileFormula, type Binding } from './rule-compiler.ts';

const edition = getEdition('2021');
const { env, load } = frameWith(edition, 'month');

interface Context {
  current?: Record<string, number | string | null>;
  previous?: Record<string, number | string | null>;
  lastYear?: Record<string, number | string | null>;
  tolerance?: number;
  binding?: Binding;
}

function evaluate(source: string, context: Context = {}): number | string | boolean {
  const compiled = compileFormula(source, env, {
    homeForm: 'monthly',
    tolerance: context.tolerance ?? 0,
    binding: context.binding,
  });
  const frame = load(context.current ?? {}, context.previous, context.lastYear);
  return compiled.value.fn(frame);
}

function compileError(source: string, binding?: Binding): RuleCompileError {
  try {
    compileFormula(source, env, { homeForm: 'monthly', tolerance: 0, binding });
  } catch (error) {
    if (error instanceof RuleCompileError) return error;
    throw error;
  }
  throw new Error(`compiled: ${source}`);
}

describe('compiled rules', () => {
  it('count a blank as 0 in arithmetic and tell blanks apart', () => {
    const current = { '2021': 10, '2022': null };
    expect(evaluate('[2021] + [2022]', { current })).toBe(10);
    expect(evaluate('ISBLANK([2022])', { current })).toBe(true);
    expect(evaluate('NOTBLANK([2021]) AND ISBLANK([2022]:[20225])', { current })).toBe(true);
    expect(evaluate('NOTBLANK([2010]:[2022])', { current })).toBe(true);
  });

  it('compare numbers within the rounding tolerance', () => {
    const current = { '2021': 100.04, '2022': 100 };
    expect(evaluate('[2021] = [2022]', { current, tolerance: 0.05 })).toBe(true);
    expect(evaluate('[2021] > [2022]', { current, tolerance: 0.05 })).toBe(false);
    expect(evaluate('[2021] <= [2022]', { current, tolerance: 0.05 })).toBe(true);
    expect(evaluate('[2021] <> [2022]', { current, tolerance: 0.05 })).toBe(false);
    expect(evaluate('[2021] = [2022]', { current, tolerance: 0 })).toBe(false);
    expect(evaluate('[2021] + 0 >= 100.1', { current, tolerance: 0.05 })).toBe(false);
  });

  it('sum lists, ranges and the parts or 其中 items of a cell', () => {
    const current = { '2021': 1, '2022': 2, '2023': 3, '20221': 0.5, '20225': 0.25, '2041': 4, '2043': 5 };
    expect(evaluate('SUM([2021]:[2023])', { current })).toBe(6.75);
    expect(evaluate('SUM(OFWHICH([2022]))', { current })).toBe(0.75);
    expect(evaluate('SUM(PARTS([2040]), 1)', { current })).toBe(10);
    expect(evaluate('MAX([2021], [2022], [2023] * 2)', { current })).toBe(6);
    expect(evaluate('MIN(PARTS([2040]))', { current })).toBe(0);
  });

  it('read the previous period and the same period last year', () => {
    const context = { current: { '2010': 120 }, previous: { '2010': 100 }, lastYear: { '2010': 80 } };
    expect(evaluate('[2010] - PREV([2010])', context)).toBe(20);
    expect(evaluate('LASTYEAR([2010] * 2)', context)).toBe(160);
    expect(evaluate('SUM(PREV([2010]:[2010]), LASTYEAR([2010]))', context)).toBe(180);
    expect(evaluate('NOTBLANK(PREV([2021]))', context)).toBe(false);
  });

  it('evaluate IF, ABS, ROUND, parameters and text functions', () => {
    const current = { '2001': '2', '2090': -12.345 };
    expect(evaluate("IF([2001] = '1', 'yes', 'no')", { current })).toBe('no');
    expect(evaluate('ABS([2090])', { current })).toBe(12.345);
    expect(evaluate('ROUND([2090], 2)', { current })).toBe(-12.35);
    expect(evaluate('ROUND(1.005, 2)')).toBe(1.01);
    expect(evaluate('$nationalAverageProfitRate * 2')).toBe(31.6);
    expect(evaluate("MID('91430111MA4L41YT1U', 9, 9)")).toBe('MA4L41YT1');
    expect(evaluate("INLIST([2001]) AND NOT INLIST('3', 'yes-no')", { current })).toBe(true);
    expect(evaluate("VALID('91350203M0001QAY9B', 'uscc')")).toBe(false);
    expect(evaluate("WHYINVALID('91350203M0001QAY9B', 'uscc')")).toBe(
      '统一社会信用代码第18位校验码应为“9”,实为“B”',
    );
    expect(evaluate('SIZECLASS(350, 12000)')).toBe('1');
  });

  it('substitute the template binding for @', () => {
    const binding: Binding = {
      key: 'monthly!2010',
      label: '2010',
      name: '主营业务收入',
      group: '',
      table: '月报',
    };
    expect(evaluate('[@] * 2', { current: { '2010': 3 }, binding })).toBe(6);
  });

  it('report unknown names and type mismatches at their place', () => {
    const cases: Array<[string, RegExp, number]> = [
      ['[2999] > 0', /没有“2999”这一单元格/, 1],
      ['[nowhere!A1] > 0', /未知的表“nowhere”/, 1],
      ['[business!A61] > 0', /未知的表“business”/, 1],
      ['FOO(1) > 0', /未知函数“FOO”/, 1],
      ['$nothing > 0', /未知参数“\$nothing”/, 1],
      ["[2010] + '1' > 0", /“\+”的右边应为数值,实为文本/, 10],
      ["[2001] < '1'", /文本只能用“=”或“<>”比较/, 1],
      ['[2010] = TRUE', /不能比较数值与判断/, 1],
      ['ROUND([2010]) > 0', /函数ROUND需要2个参数,实为1个/, 1],
      ['[2021]:[2023] > 0', /单元格区域只能用在SUM/, 1],
      ['PREV(LASTYEAR([2010])) > 0', /不能嵌套/, 6],
      ['[@] > 0', /“@”只能用于逐行或逐项的规则/, 1],
      ['SUM(PARTS([2010])) > 0', /没有分项/, 11],
      ['SUM([2001]) > 0', /只能对数值单元格求和/, 5],
      ["IF([2010] > 0, 1, 'x') > 0", /IF的第三个参数应为数值/, 19],
    ];
    for (const [source, reason, column] of cases) {
      const error = compileError(source);
      expect(error.reason, source).toMatch(reason);
      expect(error.position.column, source).toBe(column);
    }
  });
});
