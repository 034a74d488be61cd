import { UNIT_BOUNDS } from '../definitions/unit-bounds.ts';
import type { FormId } from '../definitions/survey.types.ts';
import { CURRENT, LAST_YEAR, PREVIOUS, type CellSpace, type PeriodIndex } from '../rules/cell-space.ts';
import type { ComparisonOperator, Expression } from '../rules/rule-ast.ts';
import { cellsBetween, type Binding } from '../rules/rule-compiler.ts';
import { parseRule } from '../rules/rule-parser.ts';

// What a rule's formula can be, over every filing a filer can type: each typed number anywhere within the bound of
// its unit, computed cells (合计, 自动计算) expanded into the typed cells they sum. Sums stay exact linear forms, so
// "合计 = its parts" is known to hold whatever is typed; everything else is bounded by interval arithmetic.

/** A number that is an exact linear form of typed cells (variables keyed `period|cell`) plus a constant. */
interface Linear {
  kind: 'linear';
  terms: Map<string, number>;
  constant: number;
}

/** A number only known to lie within [lo, hi]. */
interface Bounded {
  kind: 'bounded';
  lo: number;
  hi: number;
}

type NumberShape = Linear | Bounded;

export type Truth = 'true' | 'false' | 'unknown';

/** A condition: its truth over all filings, and, for a numeric comparison, the comparison itself. */
export interface Condition {
  kind: 'condition';
  truth: Truth;
  comparison?: { difference: NumberShape; operator: ComparisonOperator };
}

type Shape = NumberShape | Condition | { kind: 'text' } | { kind: 'list'; items: NumberShape[] };

const UNKNOWN: Bounded = { kind: 'bounded', lo: -Infinity, hi: Infinity };
const UNKNOWN_CONDITION: Condition = { kind: 'condition', truth: 'unknown' };

function constant(value: number): Linear {
  return { kind: 'linear', terms: new Map(), constant: value };
}

/** a + factor × b, exact when both are linear. */
function combine(a: NumberShape, b: NumberShape, factor: number, bounds: VariableBounds): NumberShape {
  if (a.kind === 'linear' && b.kind === 'linear') {
    const terms = new Map(a.terms);
    for (const [variable, coefficient] of b.terms) {
      const sum = (terms.get(variable) ?? 0) + factor * coefficient;
      if (sum === 0) terms.delete(variable);
      else terms.set(variable, sum);
    }
    return { kind: 'linear', terms, constant: a.constant + factor * b.constant };
  }
  const [aLo, aHi] = intervalOf(a, bounds);
  const [bLo, bHi] = intervalOf(b, bounds);
  const ends = [factor * bLo, factor * bHi];
  return { kind: 'bounded', lo: aLo + Math.min(...ends), hi: aHi + Math.max(...ends) };
}

function scale(a: NumberShape, factor: number, bounds: VariableBounds): NumberShape {
  return combine(constant(0), a, factor, bounds);
}

type VariableBounds = (variable: string) => number;

/** [lo, hi] of a number over every filing. */
export function intervalOf(shape: NumberShape, bounds: VariableBounds): [number, number] {
  if (shape.kind === 'bounded') return [shape.lo, shape.hi];
  let lo = shape.constant;
  let hi = shape.constant;
  for (const [variable, coefficient] of shape.terms) {
    const magnitude = Math.abs(coefficient) * bounds(variable);
    lo -= magnitude;
    hi += magnitude;
  }
  return [lo, hi];
}

function product(a: NumberShape, b: NumberShape, bounds: VariableBounds): NumberShape {
  if (a.kind === 'linear' && a.terms.size === 0) return scale(b, a.constant, bounds);
  if (b.kind === 'linear' && b.terms.size === 0) return scale(a, b.constant, bounds);
  const [aLo, aHi] = intervalOf(a, bounds);
  const [bLo, bHi] = intervalOf(b, bounds);
  const ends = [aLo * bLo, aLo * bHi, aHi * bLo, aHi * bHi].map((value) => (Number.isNaN(value) ? 0 : value));
  return { kind: 'bounded', lo: Math.min(...ends), hi: Math.max(...ends) };
}

/** Whether a difference d = left − right satisfies the comparison always, never, or sometimes (with tolerance t). */
function compare(
  difference: NumberShape,
  operator: ComparisonOperator,
  t: number,
  bounds: VariableBounds,
): Truth {
  const [lo, hi] = intervalOf(difference, bounds);
  const decide = (always: boolean, never: boolean): Truth => (always ? 'true' : never ? 'false' : 'unknown');
  switch (operator) {
    case '>=':
      return decide(lo >= -t, hi < -t);
    case '<=':
      return decide(hi <= t, lo > t);
    case '>':
      return decide(lo > t, hi <= t);
    case '<':
      return decide(hi < -t, lo >= -t);
    case '=':
      return decide(lo >= -t && hi <= t, lo > t || hi < -t);
    case '<>':
      return decide(lo > t || hi < -t, lo >= -t && hi <= t);
  }
}

function not(truth: Truth): Truth {
  return truth === 'true' ? 'false' : truth === 'false' ? 'true' : 'unknown';
}

const SHIFTS: Record<string, PeriodIndex> = { PREV: PREVIOUS, LASTYEAR: LAST_YEAR };

/** Evaluates rule expressions abstractly against one period type's cells. */
export class IntervalAnalyzer {
  private readonly computed = new Map<string, Shape>();
  private readonly parsed = new Map<string, Expression>();
  readonly bounds: VariableBounds;

  constructor(
    private readonly space: CellSpace,
    private readonly parameters: Readonly<Record<string, number>>,
  ) {
    this.bounds = (variable) => {
      const cell = space.cells[Number(variable.split('|')[1])]!;
      return cell.unit === null ? Infinity : UNIT_BOUNDS[cell.unit].maxMagnitude;
    };
  }

  /** The abstract value of a rule text in its home form, for one binding of a templated rule. */
  evaluate(text: string, homeForm: FormId, binding: Binding | undefined, tolerance: number): Shape {
    return this.shape(this.parse(text), { homeForm, binding, tolerance, period: CURRENT });
  }

  /** The truth of a condition text over every filing. */
  truthOf(text: string, homeForm: FormId, binding: Binding | undefined, tolerance: number): Condition {
    const shape = this.evaluate(text, homeForm, binding, tolerance);
    return shape.kind === 'condition' ? shape : UNKNOWN_CONDITION;
  }

  private parse(text: string): Expression {
    let expression = this.parsed.get(text);
    if (!expression) this.parsed.set(text, (expression = parseRule(text)));
    return expression;
  }

  private cellIndex(
    reference: Extract<Expression, { kind: 'reference' }>,
    context: Context,
  ): number | undefined {
    let form = reference.form;
    let key = reference.key;
    if (key.includes('@') && context.binding) {
      key = key.replaceAll('@', context.binding.key);
      const separator = key.indexOf('!');
      if (separator >= 0) [form, key] = [key.slice(0, separator), key.slice(separator + 1)];
    }
    return this.space.indexByForm.get((form ?? context.homeForm) as FormId)?.get(key);
  }

  private cellShape(cellIndex: number, period: PeriodIndex): Shape {
    const cell = this.space.cells[cellIndex]!;
    if (!this.space.isNumeric[cellIndex]) return { kind: 'text' };
    if (cell.formula === undefined) {
      return { kind: 'linear', terms: new Map([[`${period}|${cellIndex}`, 1]]), constant: 0 };
    }
    const key = `${period}|${cellIndex}`;
    let shape = this.computed.get(key);
    if (!shape) {
      this.computed.set(key, UNKNOWN); // a cycle reads as unknown (the loader refuses cycles anyway)
      shape = this.shape(this.parse(cell.formula), { homeForm: cell.formId, tolerance: 0, period });
      this.computed.set(key, shape);
    }
    return shape;
  }

  private cellList(expression: Expression, context: Context): number[] | undefined {
    if (expression.kind === 'reference') {
      const index = this.cellIndex(expression, context);
      return index === undefined ? undefined : [index];
    }
    if (expression.kind === 'range') {
      const from = this.cellIndex(expression.from, context);
      const to = this.cellIndex(expression.to, context);
      return from === undefined || to === undefined ? undefined : cellsBetween(this.space.cells, from, to);
    }
    if (expression.kind === 'call' && (expression.name === 'PARTS' || expression.name === 'OFWHICH')) {
      const [parent] = this.cellList(expression.args[0]!, context) ?? [];
      if (parent === undefined) return undefined;
      return (expression.name === 'PARTS' ? this.space.parts : this.space.ofWhich)[parent];
    }
    return undefined;
  }

  private numbers(args: Expression[], context: Context): NumberShape[] | undefined {
    const items: NumberShape[] = [];
    for (const arg of args) {
      const shape = this.shape(arg, context);
      if (shape.kind === 'list') items.push(...shape.items);
      else if (shape.kind === 'linear' || shape.kind === 'bounded') items.push(shape);
      else return undefined;
    }
    return items;
  }

  private shape(expression: Expression, context: Context): Shape {
    const { bounds } = this;
    switch (expression.kind) {
      case 'number':
        return constant(expression.value);
      case 'string':
        return { kind: 'text' };
      case 'boolean':
        return { kind: 'condition', truth: expression.value ? 'true' : 'false' };
      case 'parameter': {
        const value = this.parameters[expression.name];
        return value === undefined ? UNKNOWN : constant(value);
      }
      case 'reference': {
        const index = this.cellIndex(expression, context);
        return index === undefined ? UNKNOWN : this.cellShape(index, context.period);
      }
      case 'range': {
        const cells = this.cellList(expression, context) ?? [];
        return {
          kind: 'list',
          items: cells.map((index) => this.cellShape(index, context.period) as NumberShape),
        };
      }
      case 'unary': {
        const operand = this.shape(expression.operand, context);
        if (expression.operator === 'NOT') {
          return operand.kind === 'condition'
            ? { kind: 'condition', truth: not(operand.truth) }
            : UNKNOWN_CONDITION;
        }
        return operand.kind === 'linear' || operand.kind === 'bounded' ? scale(operand, -1, bounds) : UNKNOWN;
      }
      case 'binary':
        return this.binary(expression, context);
      case 'call':
        return this.call(expression, context);
    }
  }

  private binary(expression: Extract<Expression, { kind: 'binary' }>, context: Context): Shape {
    const { bounds } = this;
    const left = this.shape(expression.left, context);
    const right = this.shape(expression.right, context);
    const { operator } = expression;
    if (operator === 'AND' || operator === 'OR') {
      const a = left.kind === 'condition' ? left.truth : 'unknown';
      const b = right.kind === 'condition' ? right.truth : 'unknown';
      const decisive = operator === 'AND' ? 'false' : 'true';
      const truth: Truth =
        a === decisive || b === decisive ? decisive : a === not(decisive) && b === a ? a : 'unknown';
      return { kind: 'condition', truth };
    }
    const isNumber = (shape: Shape): shape is NumberShape =>
      shape.kind === 'linear' || shape.kind === 'bounded';
    if (!isNumber(left) || !isNumber(right)) {
      return operator === '+' || operator === '-' || operator === '*' || operator === '/'
        ? UNKNOWN
        : UNKNOWN_CONDITION;
    }
    switch (operator) {
      case '+':
        return combine(left, right, 1, bounds);
      case '-':
        return combine(left, right, -1, bounds);
      case '*':
        return product(left, right, bounds);
      case '/':
        if (right.kind === 'linear' && right.terms.size === 0 && right.constant !== 0) {
          return scale(left, 1 / right.constant, bounds);
        }
        return UNKNOWN;
      default: {
        const difference = combine(left, right, -1, bounds);
        return {
          kind: 'condition',
          truth: compare(difference, operator, context.tolerance, bounds),
          comparison: { difference, operator },
        };
      }
    }
  }

  private call(expression: Extract<Expression, { kind: 'call' }>, context: Context): Shape {
    const { bounds } = this;
    const { name, args } = expression;
    const shift = SHIFTS[name];
    if (shift !== undefined) return this.shape(args[0]!, { ...context, period: shift });
    if (name === 'PARTS' || name === 'OFWHICH') {
      const cells = this.cellList(expression, context) ?? [];
      return {
        kind: 'list',
        items: cells.map((index) => this.cellShape(index, context.period) as NumberShape),
      };
    }
    if (name === 'SUM') {
      const items = this.numbers(args, context);
      return items
        ? items.reduce<NumberShape>((sum, item) => combine(sum, item, 1, bounds), constant(0))
        : UNKNOWN;
    }
    if (name === 'MIN' || name === 'MAX' || name === 'ABS' || name === 'ROUND') {
      const items = this.numbers(name === 'ROUND' ? args.slice(0, 1) : args, context);
      if (!items || items.length === 0) return UNKNOWN;
      const intervals = items.map((item) => intervalOf(item, bounds));
      if (name === 'MIN')
        return {
          kind: 'bounded',
          lo: Math.min(...intervals.map(([lo]) => lo)),
          hi: Math.min(...intervals.map(([, hi]) => hi)),
        };
      if (name === 'MAX')
        return {
          kind: 'bounded',
          lo: Math.max(...intervals.map(([lo]) => lo)),
          hi: Math.max(...intervals.map(([, hi]) => hi)),
        };
      const [lo, hi] = intervals[0]!;
      if (name === 'ROUND') return { kind: 'bounded', lo: lo - 0.5, hi: hi + 0.5 };
      return {
        kind: 'bounded',
        lo: lo <= 0 && hi >= 0 ? 0 : Math.min(Math.abs(lo), Math.abs(hi)),
        hi: Math.max(Math.abs(lo), Math.abs(hi)),
      };
    }
    if (name === 'IF') {
      const condition = this.shape(args[0]!, context);
      const then = this.shape(args[1]!, context);
      const otherwise = this.shape(args[2]!, context);
      if (condition.kind === 'condition' && condition.truth === 'true') return then;
      if (condition.kind === 'condition' && condition.truth === 'false') return otherwise;
      if (then.kind === 'condition' || otherwise.kind === 'condition') return UNKNOWN_CONDITION;
      if (
        (then.kind === 'linear' || then.kind === 'bounded') &&
        (otherwise.kind === 'linear' || otherwise.kind === 'bounded')
      ) {
        const [aLo, aHi] = intervalOf(then, bounds);
        const [bLo, bHi] = intervalOf(otherwise, bounds);
        return { kind: 'bounded', lo: Math.min(aLo, bLo), hi: Math.max(aHi, bHi) };
      }
      return { kind: 'text' };
    }
    if (['ISBLANK', 'NOTBLANK', 'INLIST', 'VALID', 'PLAUSIBLE'].includes(name)) return UNKNOWN_CONDITION;
    return { kind: 'text' };
  }
}

interface Context {
  homeForm: FormId;
  binding?: Binding;
  tolerance: number;
  period: PeriodIndex;
}

/** The set of values of a linear form's variable part that make a comparison hold, as an interval. */
export interface HoldingSet {
  lo: number;
  hi: number;
  loOpen: boolean;
  hiOpen: boolean;
}

/** Where the variable part V of `difference = V + c` must lie for `difference operator 0` to hold (none for <>). */
export function holdingSet(
  difference: Linear,
  operator: ComparisonOperator,
  t: number,
): HoldingSet | undefined {
  const c = difference.constant;
  switch (operator) {
    case '>=':
      return { lo: -t - c, hi: Infinity, loOpen: false, hiOpen: true };
    case '>':
      return { lo: t - c, hi: Infinity, loOpen: true, hiOpen: true };
    case '<=':
      return { lo: -Infinity, hi: t - c, loOpen: true, hiOpen: false };
    case '<':
      return { lo: -Infinity, hi: -t - c, loOpen: true, hiOpen: true };
    case '=':
      return { lo: -t - c, hi: t - c, loOpen: false, hiOpen: false };
    case '<>':
      return undefined;
  }
}

/** True when two holding sets share no value. */
export function isDisjoint(a: HoldingSet, b: HoldingSet): boolean {
  const [first, second] = a.lo <= b.lo ? [a, b] : [b, a];
  return first.hi < second.lo || (first.hi === second.lo && (first.hiOpen || second.loOpen));
}

/** The same linear form with every coefficient and the constant negated. */
export function negated(linear: Linear): Linear {
  return {
    kind: 'linear',
    terms: new Map([...linear.terms].map(([variable, coefficient]) => [variable, -coefficient])),
    constant: -linear.constant,
  };
}

/** True when two linear forms have the same variable part (their constants may differ). */
export function sameTerms(a: Linear, b: Linear): boolean {
  if (a.terms.size !== b.terms.size || a.terms.size === 0) return false;
  for (const [variable, coefficient] of a.terms) {
    if (Math.abs((b.terms.get(variable) ?? NaN) - coefficient) > 1e-12) return false;
  }
  return true;
}

export type { Linear, NumberShape };
