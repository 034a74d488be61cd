import type { BinaryOperator, Expression, ReferenceExpression, Span } from './rule-ast.ts';
import { COMPARISON_OPERATORS } from './rule-ast.ts';
import { RuleSyntaxError } from './rule-errors.ts';
import { describeToken, tokenize, type Token } from './rule-lexer.ts';

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'TRUE', 'FALSE']);

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parseAll(): Expression {
    const expression = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') this.fail(`多余的${describeToken(next)}`, next.span);
    return expression;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private advance(): Token {
    return this.tokens[this.index++]!;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'identifier' && token.text === word;
  }

  private isSymbol(text: string): boolean {
    const token = this.peek();
    return (token.kind === 'operator' || token.kind === 'punctuation') && token.text === text;
  }

  private fail(reason: string, span: Span): never {
    throw new RuleSyntaxError(reason, this.source, span);
  }

  private expectSymbol(text: string): Token {
    if (!this.isSymbol(text)) {
      const token = this.peek();
      this.fail(`缺少“${text}”,却遇到${describeToken(token)}`, token.span);
    }
    return this.advance();
  }

  private binary(operator: BinaryOperator, left: Expression, right: Expression): Expression {
    return { kind: 'binary', operator, left, right, span: { start: left.span.start, end: right.span.end } };
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.isKeyword('OR')) {
      this.advance();
      left = this.binary('OR', left, this.parseAnd());
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseNot();
    while (this.isKeyword('AND')) {
      this.advance();
      left = this.binary('AND', left, this.parseNot());
    }
    return left;
  }

  private parseNot(): Expression {
    if (this.isKeyword('NOT')) {
      const start = this.advance().span.start;
      const operand = this.parseNot();
      return { kind: 'unary', operator: 'NOT', operand, span: { start, end: operand.span.end } };
    }
    return this.parseComparison();
  }

  private comparisonOperator(): BinaryOperator | undefined {
    const token = this.peek();
    if (token.kind !== 'operator') return undefined;
    return COMPARISON_OPERATORS.find((op) => op === token.text);
  }

  private parseComparison(): Expression {
    const left = this.parseAdditive();
    const operator = this.comparisonOperator();
    if (!operator) return left;
    this.advance();
    const comparison = this.binary(operator, left, this.parseAdditive());
    if (this.comparisonOperator()) this.fail('比较运算不能连用,请加括号', this.peek().span);
    return comparison;
  }

  private parseAdditive(): Expression {
    let left = this.parseMultiplicative();
    while (this.isSymbol('+') || this.isSymbol('-')) {
      const operator = this.advance().text as '+' | '-';
      left = this.binary(operator, left, this.parseMultiplicative());
    }
    return left;
  }

  private parseMultiplicative(): Expression {
    let left = this.parseUnary();
    while (this.isSymbol('*') || this.isSymbol('/')) {
      const operator = this.advance().text as '*' | '/';
      left = this.binary(operator, left, this.parseUnary());
    }
    return left;
  }

  private parseUnary(): Expression {
    if (this.isSymbol('-')) {
      const start = this.advance().span.start;
      const operand = this.parseUnary();
      return { kind: 'unary', operator: '-', operand, span: { start, end: operand.span.end } };
    }
    return this.parsePrimary();
  }

  private reference(token: Token): ReferenceExpression {
    const separator = token.text.indexOf('!');
    if (separator < 0) return { kind: 'reference', key: token.text, span: token.span };
    const form = token.text.slice(0, separator);
    const key = token.text.slice(separator + 1);
    if (form === '' || key === '' || key.includes('!')) {
      this.fail(`单元格引用[${token.text}]应写作[表!代码]或[代码]`, token.span);
    }
    return { kind: 'reference', form, key, span: token.span };
  }

  private parsePrimary(): Expression {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.advance();
        return { kind: 'number', value: token.value!, span: token.span };
      case 'string':
        this.advance();
        return { kind: 'string', value: token.text, span: token.span };
      case 'parameter':
        this.advance();
        return { kind: 'parameter', name: token.text, span: token.span };
      case 'reference': {
        this.advance();
        const from = this.reference(token);
        if (!this.isSymbol(':')) return from;
        this.advance();
        const next = this.peek();
        if (next.kind !== 'reference')
          this.fail(`“:”后需要单元格引用,却遇到${describeToken(next)}`, next.span);
        this.advance();
        const to = this.reference(next);
        return { kind: 'range', from, to, span: { start: from.span.start, end: to.span.end } };
      }
      case 'identifier':
        return this.parseIdentifier(token);
      default:
        if (this.isSymbol('(')) {
          this.advance();
          const inner = this.parseOr();
          this.expectSymbol(')');
          return inner;
        }
        return this.fail(`此处需要一个表达式,却遇到${describeToken(token)}`, token.span);
    }
  }

  private parseIdentifier(token: Token): Expression {
    if (token.text === 'TRUE' || token.text === 'FALSE') {
      this.advance();
      return { kind: 'boolean', value: token.text === 'TRUE', span: token.span };
    }
    if (KEYWORDS.has(token.text)) this.fail(`此处需要一个表达式,却遇到${describeToken(token)}`, token.span);
    this.advance();
    if (!this.isSymbol('('))
      this.fail(`函数${token.text}后缺少“(”;单元格引用请写在方括号中,如[A61]`, token.span);
    this.advance();
    const args: Expression[] = [];
    if (!this.isSymbol(')')) {
      args.push(this.parseOr());
      while (this.isSymbol(',')) {
        this.advance();
        args.push(this.parseOr());
      }
    }
    const close = this.expectSymbol(')');
    return { kind: 'call', name: token.text, args, span: { start: token.span.start, end: close.span.end } };
  }
}

/** Parses rule text into an expression tree; throws RuleSyntaxError with the position of the problem. */
export function parseRule(source: string): Expression {
  return new Parser(source, tokenize(source)).parseAll();
}
