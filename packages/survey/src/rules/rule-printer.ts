import type { Expression, ReferenceExpression } from './rule-ast.ts';
import { NOT_PRECEDENCE, PRECEDENCE, UNARY_MINUS_PRECEDENCE } from './rule-ast.ts';

const ATOM_PRECEDENCE = 8;

function precedenceOf(expression: Expression): number {
  switch (expression.kind) {
    case 'binary':
      return PRECEDENCE[expression.operator];
    case 'unary':
      return expression.operator === 'NOT' ? NOT_PRECEDENCE : UNARY_MINUS_PRECEDENCE;
    default:
      return ATOM_PRECEDENCE;
  }
}

function printReference(reference: ReferenceExpression): string {
  return reference.form === undefined ? `[${reference.key}]` : `[${reference.form}!${reference.key}]`;
}

function wrap(expression: Expression, needsParentheses: boolean): string {
  const text = printRule(expression);
  return needsParentheses ? `(${text})` : text;
}

/** Prints an expression as canonical rule text that parses back to the same tree. */
export function printRule(expression: Expression): string {
  switch (expression.kind) {
    case 'number':
      return String(expression.value);
    case 'string':
      return `'${expression.value.replaceAll("'", "''")}'`;
    case 'boolean':
      return expression.value ? 'TRUE' : 'FALSE';
    case 'reference':
      return printReference(expression);
    case 'range':
      return `${printReference(expression.from)}:${printReference(expression.to)}`;
    case 'parameter':
      return `$${expression.name}`;
    case 'call':
      return `${expression.name}(${expression.args.map(printRule).join(', ')})`;
    case 'unary': {
      const own = precedenceOf(expression);
      const operand = wrap(expression.operand, precedenceOf(expression.operand) < own);
      return expression.operator === 'NOT' ? `NOT ${operand}` : `-${operand}`;
    }
    case 'binary': {
      const own = PRECEDENCE[expression.operator];
      const isComparison = own === PRECEDENCE['='];
      // Left-associative: a right operand of equal strength needs parentheses; comparisons do not chain.
      const left = wrap(
        expression.left,
        precedenceOf(expression.left) < own || (isComparison && precedenceOf(expression.left) === own),
      );
      const right = wrap(expression.right, precedenceOf(expression.right) <= own);
      return `${left} ${expression.operator} ${right}`;
    }
  }
}
