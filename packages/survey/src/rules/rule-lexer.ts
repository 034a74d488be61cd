import type { Span } from './rule-ast.ts';
import { RuleSyntaxError } from './rule-errors.ts';

export type TokenKind =
  'number' | 'string' | 'reference' | 'parameter' | 'identifier' | 'operator' | 'punctuation' | 'end';

export interface Token {
  kind: TokenKind;
  /** Operator or punctuation text, upper-cased identifier, reference body, parameter name, string value. */
  text: string;
  value?: number;
  span: Span;
}

const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const REFERENCE_CHAR = /[A-Za-z0-9_.:@!-]/;
const OPERATORS = ['<=', '>=', '<>', '+', '-', '*', '/', '=', '<', '>'];
const PUNCTUATION = '(),:';

/** Human name of a token for messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return '结尾';
    case 'string':
      return `字符串'${token.text}'`;
    case 'reference':
      return `[${token.text}]`;
    case 'parameter':
      return `$${token.text}`;
    default:
      return `“${token.text}”`;
  }
}

function readString(source: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= source.length) throw new RuleSyntaxError('字符串缺少结尾的单引号', source, { start, end: i });
    const ch = source[i]!;
    if (ch === "'") {
      if (source[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
}

function readReference(source: string, start: number): { body: string; end: number } {
  let i = start + 1;
  while (i < source.length && source[i] !== ']') {
    if (!REFERENCE_CHAR.test(source[i]!)) {
      const span = { start: i, end: i + 1 };
      if (source[i] === '[' || /\s/.test(source[i]!))
        throw new RuleSyntaxError('单元格引用缺少“]”', source, span);
      throw new RuleSyntaxError(`单元格引用中不能出现“${source[i]}”`, source, span);
    }
    i++;
  }
  if (i >= source.length) throw new RuleSyntaxError('单元格引用缺少“]”', source, { start, end: i });
  const body = source.slice(start + 1, i);
  if (body === '') throw new RuleSyntaxError('单元格引用为空', source, { start, end: i + 1 });
  return { body, end: i + 1 };
}

/** Splits rule text into tokens; throws a positioned RuleSyntaxError on anything it cannot read. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch >= '0' && ch <= '9') {
      NUMBER.lastIndex = i;
      const text = NUMBER.exec(source)![0];
      const value = Number(text);
      const span = { start: i, end: i + text.length };
      if (!Number.isFinite(value)) throw new RuleSyntaxError(`数值${text}超出范围`, source, span);
      tokens.push({ kind: 'number', text, value, span });
      i = span.end;
      continue;
    }
    if (ch === "'") {
      const { value, end } = readString(source, i);
      tokens.push({ kind: 'string', text: value, span: { start: i, end } });
      i = end;
      continue;
    }
    if (ch === '[') {
      const { body, end } = readReference(source, i);
      tokens.push({ kind: 'reference', text: body, span: { start: i, end } });
      i = end;
      continue;
    }
    if (ch === '$') {
      IDENTIFIER.lastIndex = i + 1;
      const match = IDENTIFIER.exec(source);
      if (!match) throw new RuleSyntaxError('“$”后缺少参数名', source, { start: i, end: i + 1 });
      const end = i + 1 + match[0].length;
      tokens.push({ kind: 'parameter', text: match[0], span: { start: i, end } });
      i = end;
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const identifier = IDENTIFIER.exec(source);
    if (identifier) {
      const end = i + identifier[0].length;
      tokens.push({ kind: 'identifier', text: identifier[0].toUpperCase(), span: { start: i, end } });
      i = end;
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, i));
    if (operator) {
      tokens.push({ kind: 'operator', text: operator, span: { start: i, end: i + operator.length } });
      i += operator.length;
      continue;
    }
    if (PUNCTUATION.includes(ch)) {
      tokens.push({ kind: 'punctuation', text: ch, span: { start: i, end: i + 1 } });
      i++;
      continue;
    }
    const codePoint = String.fromCodePoint(source.codePointAt(i)!);
    throw new RuleSyntaxError(`无法识别的字符“${codePoint}”`, source, {
      start: i,
      end: i + codePoint.length,
    });
  }
  tokens.push({ kind: 'end', text: '', span: { start: source.length, end: source.length } });
  return tokens;
}
