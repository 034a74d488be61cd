import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expression } from './rule-ast.ts';
import { RuleSyntaxError } from './rule-errors.ts';
import { parseRule } from './rule-parser.ts';
import { printRule } from './rule-printer.ts';

/** The tree without source positions, to compare trees parsed from different texts. */
function shape(expression: Expression): unknown {
  return JSON.parse(
    JSON.stringify(expression, (key, value: unknown) => (key === 'span' ? undefined : value)),
  );
}

function syntaxError(source: string): RuleSyntaxError {
  try {
    parseRule(source);
  } catch (error) {
    if (error instanceof RuleSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed: ${source}`);
}

describe('parseRule', () => {
  it('follows operator precedence and prints canonically', () => {
    const cases: Array<[string, string]> = [
      ['[a]+[b]*2', '[a] + [b] * 2'],
      ['([a]+[b])*2', '([a] + [b]) * 2'],
      ['[a]-([b]-[c])', '[a] - ([b] - [c])'],
      ['not [x] = 1 and [y] > 2 or [z] < 3', 'NOT [x] = 1 AND [y] > 2 OR [z] < 3'],
      ['NOT ([x] = 1 AND [y] > 2)', 'NOT ([x] = 1 AND [y] > 2)'],
      ['-(-[a])', '--[a]'],
      ['([a] = [b]) = TRUE', '([a] = [b]) = TRUE'],
    ];
    for (const [source, printed] of cases) expect(printRule(parseRule(source))).toBe(printed);
  });

  it('reads references, ranges, parameters, strings and calls', () => {
    expect(
      shape(parseRule("SUM([business!A61]:[A63], PARTS([1:income])) <= $max AND [B09] <> 'it''s'")),
    ).toEqual({
      kind: 'binary',
      operator: 'AND',
      left: {
        kind: 'binary',
        operator: '<=',
        left: {
          kind: 'call',
          name: 'SUM',
          args: [
            {
              kind: 'range',
              from: { kind: 'reference', form: 'business', key: 'A61' },
              to: { kind: 'reference', key: 'A63' },
            },
            { kind: 'call', name: 'PARTS', args: [{ kind: 'reference', key: '1:income' }] },
          ],
        },
        right: { kind: 'parameter', name: 'max' },
      },
      right: {
        kind: 'binary',
        operator: '<>',
        left: { kind: 'reference', key: 'B09' },
        right: { kind: 'string', value: "it's" },
      },
    });
  });

  it('locates syntax errors by line and column', () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['[A61] + ', 1, 9, /需要一个表达式,却遇到结尾/],
      ['[A61] # 2', 1, 7, /无法识别的字符“#”/],
      ['SUM([A61], [A63]', 1, 17, /缺少“\)”/],
      ['[A61\n+ 1', 1, 5, /单元格引用缺少“]”/],
      ["[B01] = 'abc", 1, 9, /字符串缺少结尾的单引号/],
      ['[a] < [b] < [c]', 1, 11, /比较运算不能连用/],
      ['[a] = 1\n  AND AND', 2, 7, /需要一个表达式/],
      ['A61 > 0', 1, 1, /单元格引用请写在方括号中/],
      ['[x] 1', 1, 5, /多余的“1”/],
      ['[!A1]', 1, 1, /应写作\[表!代码\]/],
      ['[A1]:2', 1, 6, /“:”后需要单元格引用/],
      ['$', 1, 1, /缺少参数名/],
      ['1e999', 1, 1, /超出范围/],
    ];
    for (const [source, line, column, reason] of cases) {
      const error = syntaxError(source);
      expect(error.reason, source).toMatch(reason);
      expect([error.position.line, error.position.column], source).toEqual([line, column]);
      expect(error.message).toBe(`第${line}行第${column}列: ${error.reason}`);
    }
  });

  it('shows the place under the line in the display string', () => {
    expect(syntaxError('[A61] # 2').toDisplayString()).toBe(
      '第1行第7列: 无法识别的字符“#”\n  [A61] # 2\n        ^',
    );
  });
});

const identifier = fc
  .stringMatching(/^[A-Z][A-Z0-9_]{0,5}$/)
  .filter((name) => !['AND', 'OR', 'NOT', 'TRUE', 'FALSE'].includes(name));
const referenceKey = fc.stringMatching(/^[A-Za-z0-9_.:@-]{1,8}$/);
const formId = fc.option(fc.stringMatching(/^[a-z][a-z-]{0,10}$/), { nil: undefined });
const span = { start: 0, end: 0 };
const reference = fc
  .record({ form: formId, key: referenceKey })
  .map(({ form, key }): Extract<Expression, { kind: 'reference' }> =>
    form === undefined ? { kind: 'reference', key, span } : { kind: 'reference', form, key, span },
  );

const expression: fc.Arbitrary<Expression> = fc.letrec<{ node: Expression }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .double({ min: 0, max: 1e15, noNaN: true })
      .map((value): Expression => ({ kind: 'number', value: value === 0 ? 0 : value, span })),
    fc.string({ maxLength: 6 }).map((value): Expression => ({ kind: 'string', value, span })),
    fc.boolean().map((value): Expression => ({ kind: 'boolean', value, span })),
    reference,
    fc.tuple(reference, reference).map(([from, to]): Expression => ({ kind: 'range', from, to, span })),
    identifier.map((name): Expression => ({ kind: 'parameter', name: name.toLowerCase(), span })),
    fc
      .tuple(fc.constantFrom('-' as const, 'NOT' as const), tie('node'))
      .map(([operator, operand]): Expression => ({ kind: 'unary', operator, operand, span })),
    fc
      .tuple(
        fc.constantFrom('+', '-', '*', '/', '=', '<>', '<', '<=', '>', '>=', 'AND', 'OR'),
        tie('node'),
        tie('node'),
      )
      .map(([operator, left, right]): Expression => ({ kind: 'binary', operator, left, right, span })),
    fc
      .tuple(identifier, fc.array(tie('node'), { maxLength: 3 }))
      .map(([name, args]): Expression => ({ kind: 'call', name, args, span })),
  ),
})).node;

describe('parser properties', () => {
  it('parses printed rules back to the same tree', () => {
    fc.assert(
      fc.property(expression, (tree) => {
        expect(shape(parseRule(printRule(tree)))).toEqual(shape(tree));
      }),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but a positioned RuleSyntaxError on garbage', () => {
    const token = fc.constantFrom(
      '[A1]',
      '[',
      ']',
      '(',
      ')',
      '+',
      '-',
      '<=',
      '<>',
      '=',
      'AND',
      'NOT',
      'SUM',
      ',',
      ':',
      "'x'",
      "'",
      '1.5',
      '$p',
      '@',
      '!',
      ' ',
      '\n',
      '#',
      '中',
    );
    const garbage = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.array(token, { maxLength: 20 }).map((tokens) => tokens.join('')),
    );
    fc.assert(
      fc.property(garbage, (source) => {
        try {
          parseRule(source);
        } catch (error) {
          expect(error).toBeInstanceOf(RuleSyntaxError);
          const { position, span } = error as RuleSyntaxError;
          expect(position.offset).toBeGreaterThanOrEqual(0);
          expect(position.offset).toBeLessThanOrEqual(source.length);
          expect(span.end).toBeGreaterThanOrEqual(span.start);
          expect(position.line).toBeGreaterThanOrEqual(1);
          expect(position.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
