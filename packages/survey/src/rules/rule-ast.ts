/** Offsets into the rule text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Expression =
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'boolean'; value: boolean; span: Span }
  /** A cell: [key] in the rule's form, [form!key] in another; '@' in key stands for a template binding. */
  | { kind: 'reference'; form?: string; key: string; span: Span }
  /** [from]:[to], the cells of one form between two references in display order. */
  | { kind: 'range'; from: ReferenceExpression; to: ReferenceExpression; span: Span }
  | { kind: 'parameter'; name: string; span: Span }
  | { kind: 'unary'; operator: '-' | 'NOT'; operand: Expression; span: Span }
  | { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression; span: Span }
  | { kind: 'call'; name: string; args: Expression[]; span: Span };

export type ReferenceExpression = Extract<Expression, { kind: 'reference' }>;

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = ['=', '<>', '<', '<=', '>', '>='];

/** Binding strength of binary operators; higher binds tighter. NOT sits between AND (2) and comparisons (4). */
export const PRECEDENCE: Record<BinaryOperator, number> = {
  OR: 1,
  AND: 2,
  '=': 4,
  '<>': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
};

export const NOT_PRECEDENCE = 3;
export const UNARY_MINUS_PRECEDENCE = 7;
