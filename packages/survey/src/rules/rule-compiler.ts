import { codeListMatcher } from '../definitions/code-lists.ts';
import type { CellDefinition, CodeList, FormId, ValidatorKind } from '../definitions/survey.types.ts';
import { implausibility, isPlausible } from '../definitions/unit-bounds.ts';
import { CODE_CHECKERS } from '../validators/code-checkers.ts';
import { classifyEnterpriseSize, ENTERPRISE_SIZE_CODES } from '../validators/enterprise-size.ts';
import type { ComparisonOperator, Expression, ReferenceExpression, Span } from './rule-ast.ts';
import { CURRENT, LAST_YEAR, PREVIOUS, type CellSpace, type Frame, type PeriodIndex } from './cell-space.ts';
import { RuleCompileError } from './rule-errors.ts';
import { parseRule } from './rule-parser.ts';
import { closestName } from './closest-name.ts';

// Rule text compiles to closures over a Frame. Cell references become slot numbers at compile time, so
// evaluating a rule is array reads and arithmetic: no key lookups, no allocation, no eval.

export type NumberFn = (frame: Frame) => number;
export type BooleanFn = (frame: Frame) => boolean;
export type StringFn = (frame: Frame) => string;

type NumberValue = { type: 'number'; fn: NumberFn; slot?: number; constant?: number };
type BooleanValue = { type: 'boolean'; fn: BooleanFn };
type StringValue = { type: 'string'; fn: StringFn; constant?: string; cellIndex?: number };
type Value = NumberValue | BooleanValue | StringValue;

/** What '@' stands for in a templated rule, and what its message placeholders {@key} … show. */
export interface Binding {
  /** Replaces '@' inside references: a grid row number, or `form!key` of a cell. */
  key: string;
  label: string;
  name: string;
  group: string;
  table: string;
}

export interface CompileEnvironment {
  space: CellSpace;
  parameters: Readonly<Record<string, number>>;
  codeLists: ReadonlyMap<string, CodeList>;
}

export interface CompileOptions {
  homeForm: FormId;
  tolerance: number;
  binding?: Binding;
  /** Period the references read; computed cells of the context periods compile with 1 or 2. */
  period?: PeriodIndex;
}

/** A compiled expression with the slots it reads (any period) and the current-period cells it names. */
export interface CompiledFormula {
  value: Value;
  reads: number[];
  cells: number[];
}

interface Scope extends Omit<CompileOptions, 'period'> {
  env: CompileEnvironment;
  source: string;
  period: PeriodIndex;
  reads: Set<number>;
  cells: Set<number>;
}

const TYPE_NAMES = { number: '数值', boolean: '判断', string: '文本' } as const;

function fail(scope: Scope, reason: string, span: Span): never {
  throw new RuleCompileError(reason, scope.source, span);
}

function constantNumber(value: number): NumberValue {
  return { type: 'number', fn: () => value, constant: value };
}

function expectType<T extends Value['type']>(
  scope: Scope,
  value: Value,
  type: T,
  span: Span,
  what: string,
): Extract<Value, { type: T }> {
  if (value.type !== type) fail(scope, `${what}应为${TYPE_NAMES[type]},实为${TYPE_NAMES[value.type]}`, span);
  return value as Extract<Value, { type: T }>;
}

// ---- references -------------------------------------------------------------------------------------

const didYouMean = (guess: string | undefined) => (guess === undefined ? '' : `,是否应为“${guess}”?`);

function resolveCell(scope: Scope, reference: ReferenceExpression): number {
  let form = reference.form;
  let key = reference.key;
  if (key.includes('@')) {
    if (!scope.binding) fail(scope, '“@”只能用于逐行或逐项的规则', reference.span);
    key = key.replaceAll('@', scope.binding.key);
    const separator = key.indexOf('!');
    if (separator >= 0) {
      if (form !== undefined)
        fail(scope, `[${reference.form}!${reference.key}]代入后不是有效的单元格`, reference.span);
      form = key.slice(0, separator);
      key = key.slice(separator + 1);
    }
  }
  const formId = (form ?? scope.homeForm) as FormId;
  const index = scope.env.space.indexByForm.get(formId);
  if (!index) {
    const guess = closestName(formId, [...scope.env.space.indexByForm.keys()]);
    fail(scope, `未知的表“${formId}”(或该表不属于本报告期别)${didYouMean(guess)}`, reference.span);
  }
  const cellIndex = index.get(key);
  if (cellIndex === undefined) {
    const guess = closestName(key, [...index.keys()]);
    const formName = scope.env.space.formById.get(formId)!.name;
    fail(scope, `${formName}中没有“${key}”这一单元格${didYouMean(guess)}`, reference.span);
  }
  return cellIndex;
}

function readCell(scope: Scope, cellIndex: number): number {
  const slot = scope.period * scope.env.space.cellCount + cellIndex;
  scope.reads.add(slot);
  if (scope.period === CURRENT) scope.cells.add(cellIndex);
  return slot;
}

function compileReference(scope: Scope, reference: ReferenceExpression): Value {
  const cellIndex = resolveCell(scope, reference);
  const slot = readCell(scope, cellIndex);
  if (scope.env.space.isNumeric[cellIndex]) return { type: 'number', fn: (f) => f.num[slot]!, slot };
  return { type: 'string', fn: (f) => f.text[slot]!, cellIndex };
}

function rangeCells(scope: Scope, expression: Extract<Expression, { kind: 'range' }>): number[] {
  const from = resolveCell(scope, expression.from);
  const to = resolveCell(scope, expression.to);
  const { cells } = scope.env.space;
  const fromCell = cells[from]!;
  const toCell = cells[to]!;
  if (fromCell.formId !== toCell.formId) fail(scope, '区域的起止单元格应在同一张表中', expression.span);
  if (from > to) fail(scope, '区域的起始单元格应排在结束单元格之前', expression.span);
  const indexes = cellsBetween(cells, from, to);
  const [fromRow, fromColumn] = fromCell.key.split(':');
  const [toRow, toColumn] = toCell.key.split(':');
  if (fromColumn !== undefined && fromColumn !== toColumn && fromRow !== toRow) {
    fail(scope, '表格区域应在同一列或同一行内', expression.span);
  }
  return indexes;
}

/** The cells of a range [from]:[to] of one form in display order; in a grid, down one column or along one row. */
export function cellsBetween(cells: readonly CellDefinition[], from: number, to: number): number[] {
  const [fromRow, fromColumn] = cells[from]!.key.split(':');
  const [, toColumn] = cells[to]!.key.split(':');
  const isGrid = fromColumn !== undefined;
  const indexes: number[] = [];
  for (let i = from; i <= to; i++) {
    const [row, column] = cells[i]!.key.split(':');
    if (isGrid && fromColumn === toColumn && column !== fromColumn) continue;
    if (isGrid && fromColumn !== toColumn && row !== fromRow) continue;
    indexes.push(i);
  }
  return indexes;
}

/** Cells named by a reference-like expression: a reference, a range, PARTS/OFWHICH, or PREV/LASTYEAR of one. */
function compileCellSet(scope: Scope, expression: Expression): number[] | undefined {
  switch (expression.kind) {
    case 'reference':
      return [readCell(scope, resolveCell(scope, expression))];
    case 'range':
      return rangeCells(scope, expression).map((cellIndex) => readCell(scope, cellIndex));
    case 'call': {
      if (expression.name === 'PREV' || expression.name === 'LASTYEAR') {
        const [argument] = expression.args;
        if (expression.args.length !== 1 || !argument) return undefined;
        return compileCellSet(shiftPeriod(scope, expression), argument);
      }
      if (expression.name !== 'PARTS' && expression.name !== 'OFWHICH') return undefined;
      const [argument] = expression.args;
      if (expression.args.length !== 1 || argument?.kind !== 'reference') {
        fail(scope, `${expression.name}需要一个单元格引用作参数`, expression.span);
      }
      const parent = resolveCell(scope, argument);
      const children = (expression.name === 'PARTS' ? scope.env.space.parts : scope.env.space.ofWhich)[
        parent
      ]!;
      if (children.length === 0) {
        const what = expression.name === 'PARTS' ? '分项' : '其中项';
        fail(scope, `${scope.env.space.cells[parent]!.name}没有${what}`, argument.span);
      }
      return children.map((cellIndex) => readCell(scope, cellIndex));
    }
    default:
      return undefined;
  }
}

function shiftPeriod(scope: Scope, call: Extract<Expression, { kind: 'call' }>): Scope {
  if (scope.period !== CURRENT) fail(scope, 'PREV和LASTYEAR不能嵌套使用', call.span);
  return { ...scope, period: call.name === 'PREV' ? PREVIOUS : LAST_YEAR };
}

function requireNumericSlots(scope: Scope, slots: number[], span: Span): Int32Array {
  const { cellCount, isNumeric } = scope.env.space;
  if (slots.some((slot) => !isNumeric[slot % cellCount])) fail(scope, '只能对数值单元格求和或比较大小', span);
  return Int32Array.from(slots);
}

// ---- operators --------------------------------------------------------------------------------------

function compileArithmetic(
  operator: '+' | '-' | '*' | '/',
  left: NumberValue,
  right: NumberValue,
): NumberValue {
  if (left.constant !== undefined && right.constant !== undefined) {
    const a = left.constant;
    const b = right.constant;
    return constantNumber(
      operator === '+' ? a + b : operator === '-' ? a - b : operator === '*' ? a * b : a / b,
    );
  }
  const l = left.fn;
  const r = right.fn;
  if (left.slot !== undefined && right.slot !== undefined && operator === '+') {
    const a = left.slot;
    const b = right.slot;
    return { type: 'number', fn: (f) => f.num[a]! + f.num[b]! };
  }
  if (right.constant !== undefined) {
    const c = right.constant;
    switch (operator) {
      case '+':
        return { type: 'number', fn: (f) => l(f) + c };
      case '-':
        return { type: 'number', fn: (f) => l(f) - c };
      case '*':
        return { type: 'number', fn: (f) => l(f) * c };
      case '/':
        return { type: 'number', fn: (f) => l(f) / c };
    }
  }
  switch (operator) {
    case '+':
      return { type: 'number', fn: (f) => l(f) + r(f) };
    case '-':
      return { type: 'number', fn: (f) => l(f) - r(f) };
    case '*':
      return { type: 'number', fn: (f) => l(f) * r(f) };
    case '/':
      return { type: 'number', fn: (f) => l(f) / r(f) };
  }
}

/** Numeric comparisons allow the rounding tolerance: a <= b holds while a exceeds b by no more than it. */
function compareNumbers(
  operator: ComparisonOperator,
  left: NumberValue,
  right: NumberValue,
  tolerance: number,
): BooleanFn {
  const t = tolerance;
  if (left.slot !== undefined && right.constant !== undefined) {
    const s = left.slot;
    const c = right.constant;
    switch (operator) {
      case '>=':
        return (f) => f.num[s]! >= c - t;
      case '<=':
        return (f) => f.num[s]! <= c + t;
      case '>':
        return (f) => f.num[s]! > c + t;
      case '<':
        return (f) => f.num[s]! < c - t;
      case '=':
        return (f) => Math.abs(f.num[s]! - c) <= t;
      case '<>':
        return (f) => Math.abs(f.num[s]! - c) > t;
    }
  }
  if (left.slot !== undefined && right.slot !== undefined) {
    const a = left.slot;
    const b = right.slot;
    switch (operator) {
      case '>=':
        return (f) => f.num[a]! >= f.num[b]! - t;
      case '<=':
        return (f) => f.num[a]! <= f.num[b]! + t;
      case '>':
        return (f) => f.num[a]! > f.num[b]! + t;
      case '<':
        return (f) => f.num[a]! < f.num[b]! - t;
      case '=':
        return (f) => Math.abs(f.num[a]! - f.num[b]!) <= t;
      case '<>':
        return (f) => Math.abs(f.num[a]! - f.num[b]!) > t;
    }
  }
  const l = left.fn;
  const r = right.fn;
  switch (operator) {
    case '>=':
      return (f) => l(f) >= r(f) - t;
    case '<=':
      return (f) => l(f) <= r(f) + t;
    case '>':
      return (f) => l(f) > r(f) + t;
    case '<':
      return (f) => l(f) < r(f) - t;
    case '=':
      return (f) => Math.abs(l(f) - r(f)) <= t;
    case '<>':
      return (f) => Math.abs(l(f) - r(f)) > t;
  }
}

function compareStrings(operator: '=' | '<>', left: StringValue, right: StringValue): BooleanFn {
  const l = left.fn;
  if (right.constant !== undefined) {
    const c = right.constant;
    return operator === '=' ? (f) => l(f) === c : (f) => l(f) !== c;
  }
  const r = right.fn;
  return operator === '=' ? (f) => l(f) === r(f) : (f) => l(f) !== r(f);
}

function compileBinary(scope: Scope, expression: Extract<Expression, { kind: 'binary' }>): Value {
  const { operator } = expression;
  const left = compileNode(scope, expression.left);
  const right = compileNode(scope, expression.right);
  if (operator === 'AND' || operator === 'OR') {
    const l = expectType(scope, left, 'boolean', expression.left.span, `${operator}的左边`).fn;
    const r = expectType(scope, right, 'boolean', expression.right.span, `${operator}的右边`).fn;
    return { type: 'boolean', fn: operator === 'AND' ? (f) => l(f) && r(f) : (f) => l(f) || r(f) };
  }
  if (operator === '+' || operator === '-' || operator === '*' || operator === '/') {
    return compileArithmetic(
      operator,
      expectType(scope, left, 'number', expression.left.span, `“${operator}”的左边`),
      expectType(scope, right, 'number', expression.right.span, `“${operator}”的右边`),
    );
  }
  if (left.type === 'string' && right.type === 'string') {
    if (operator !== '=' && operator !== '<>') fail(scope, '文本只能用“=”或“<>”比较', expression.span);
    return { type: 'boolean', fn: compareStrings(operator, left, right) };
  }
  if (left.type !== 'number' || right.type !== 'number') {
    fail(scope, `不能比较${TYPE_NAMES[left.type]}与${TYPE_NAMES[right.type]}`, expression.span);
  }
  return { type: 'boolean', fn: compareNumbers(operator, left, right, scope.tolerance) };
}

// ---- functions --------------------------------------------------------------------------------------

function arity(scope: Scope, call: Extract<Expression, { kind: 'call' }>, min: number, max = min): void {
  const count = call.args.length;
  if (count >= min && count <= max) return;
  const expected = min === max ? `${min}个` : max === Infinity ? `至少${min}个` : `${min}至${max}个`;
  fail(scope, `函数${call.name}需要${expected}参数,实为${count}个`, call.span);
}

function numberArgument(
  scope: Scope,
  call: Extract<Expression, { kind: 'call' }>,
  index: number,
): NumberValue {
  const argument = call.args[index]!;
  return expectType(
    scope,
    compileNode(scope, argument),
    'number',
    argument.span,
    `${call.name}的第${index + 1}个参数`,
  );
}

function stringArgument(
  scope: Scope,
  call: Extract<Expression, { kind: 'call' }>,
  index: number,
): StringValue {
  const argument = call.args[index]!;
  return expectType(
    scope,
    compileNode(scope, argument),
    'string',
    argument.span,
    `${call.name}的第${index + 1}个参数`,
  );
}

function constantStringArgument(
  scope: Scope,
  call: Extract<Expression, { kind: 'call' }>,
  index: number,
): string {
  const argument = call.args[index]!;
  if (argument.kind !== 'string')
    fail(scope, `${call.name}的第${index + 1}个参数应为带引号的文本常量`, argument.span);
  return argument.value;
}

/** SUM, MIN and MAX take numbers and lists of cells alike; cell arguments are read in one loop over slots. */
function compileAggregate(scope: Scope, call: Extract<Expression, { kind: 'call' }>): NumberValue {
  arity(scope, call, 1, Infinity);
  const slotList: number[] = [];
  const fns: NumberFn[] = [];
  for (const argument of call.args) {
    const cells = compileCellSet(scope, argument);
    if (cells) slotList.push(...requireNumericSlots(scope, cells, argument.span));
    else
      fns.push(
        expectType(scope, compileNode(scope, argument), 'number', argument.span, `${call.name}的参数`).fn,
      );
  }
  const slots = Int32Array.from(slotList);
  const n = slots.length;
  if (call.name === 'SUM') {
    if (fns.length === 0) {
      return {
        type: 'number',
        fn: (f) => {
          const num = f.num;
          let total = 0;
          for (let i = 0; i < n; i++) total += num[slots[i]!]!;
          return total;
        },
      };
    }
    return {
      type: 'number',
      fn: (f) => {
        let total = 0;
        for (let i = 0; i < n; i++) total += f.num[slots[i]!]!;
        for (const fn of fns) total += fn(f);
        return total;
      },
    };
  }
  const pick = call.name === 'MIN' ? Math.min : Math.max;
  const start = call.name === 'MIN' ? Infinity : -Infinity;
  return {
    type: 'number',
    fn: (f) => {
      let result = start;
      for (let i = 0; i < n; i++) result = pick(result, f.num[slots[i]!]!);
      for (const fn of fns) result = pick(result, fn(f));
      return result;
    },
  };
}

function compileBlankTest(scope: Scope, call: Extract<Expression, { kind: 'call' }>): BooleanValue {
  arity(scope, call, 1);
  const argument = call.args[0]!;
  const cells = compileCellSet(scope, argument);
  if (!cells) fail(scope, `${call.name}的参数应为单元格引用`, argument.span);
  const isBlankTest = call.name === 'ISBLANK';
  if (cells.length === 1) {
    const s = cells[0]!;
    return { type: 'boolean', fn: isBlankTest ? (f) => f.blank[s] === 1 : (f) => f.blank[s] === 0 };
  }
  const slots = Int32Array.from(cells);
  const allBlank = (f: Frame): boolean => slots.every((slot) => f.blank[slot] === 1);
  return { type: 'boolean', fn: isBlankTest ? allBlank : (f) => !allBlank(f) };
}

/** Half away from zero, after clearing binary noise (1.005 → 1.01). */
export function roundHalfAway(value: number, digits: number): number {
  const factor = 10 ** digits;
  const scaled = Math.abs(value) * factor;
  // Already whole (0 above all, as most 嵌入式 amounts are): printing it to 15 digits and rounding give it back, and
  // toPrecision is the slow part of deriving a filing's 合计.
  if (Number.isInteger(scaled) && scaled < 1e15) return (Math.sign(value) * scaled) / factor;
  return (Math.sign(value) * Math.round(Number(scaled.toPrecision(15)))) / factor;
}

function compileCall(scope: Scope, call: Extract<Expression, { kind: 'call' }>): Value {
  switch (call.name) {
    case 'SUM':
    case 'MIN':
    case 'MAX':
      return compileAggregate(scope, call);
    case 'ABS': {
      arity(scope, call, 1);
      const x = numberArgument(scope, call, 0).fn;
      return { type: 'number', fn: (f) => Math.abs(x(f)) };
    }
    case 'ROUND': {
      arity(scope, call, 2);
      const x = numberArgument(scope, call, 0).fn;
      const digits = numberArgument(scope, call, 1).fn;
      return { type: 'number', fn: (f) => roundHalfAway(x(f), digits(f)) };
    }
    case 'IF':
      return compileIf(scope, call);
    case 'ISBLANK':
    case 'NOTBLANK':
      return compileBlankTest(scope, call);
    case 'PREV':
    case 'LASTYEAR': {
      arity(scope, call, 1);
      return compileNode(shiftPeriod(scope, call), call.args[0]!);
    }
    case 'PARTS':
    case 'OFWHICH':
      return fail(scope, `${call.name}给出一组单元格,只能用在SUM、MIN、MAX、ISBLANK或NOTBLANK中`, call.span);
    case 'MID': {
      arity(scope, call, 3);
      const text = stringArgument(scope, call, 0).fn;
      const start = numberArgument(scope, call, 1).fn;
      const length = numberArgument(scope, call, 2).fn;
      return {
        type: 'string',
        fn: (f) => {
          const from = start(f) - 1;
          return text(f).slice(from, from + length(f));
        },
      };
    }
    case 'INLIST':
      return compileInList(scope, call);
    case 'VALID':
    case 'WHYINVALID':
      return compileValidation(scope, call);
    case 'PLAUSIBLE':
    case 'WHYIMPLAUSIBLE':
      return compilePlausibility(scope, call);
    case 'SIZECLASS': {
      arity(scope, call, 2);
      const employees = numberArgument(scope, call, 0).fn;
      const revenue = numberArgument(scope, call, 1).fn;
      return {
        type: 'string',
        fn: (f) => ENTERPRISE_SIZE_CODES[classifyEnterpriseSize(employees(f), revenue(f))],
      };
    }
    default:
      return fail(scope, `未知函数“${call.name}”`, call.span);
  }
}

function compileIf(scope: Scope, call: Extract<Expression, { kind: 'call' }>): Value {
  arity(scope, call, 3);
  const condition = expectType(
    scope,
    compileNode(scope, call.args[0]!),
    'boolean',
    call.args[0]!.span,
    'IF的条件',
  ).fn;
  const then = compileNode(scope, call.args[1]!);
  const otherwise = compileNode(scope, call.args[2]!);
  const span = call.args[2]!.span;
  switch (then.type) {
    case 'number': {
      const [a, b] = [then.fn, expectType(scope, otherwise, 'number', span, 'IF的第三个参数').fn];
      return { type: 'number', fn: (f) => (condition(f) ? a(f) : b(f)) };
    }
    case 'string': {
      const [a, b] = [then.fn, expectType(scope, otherwise, 'string', span, 'IF的第三个参数').fn];
      return { type: 'string', fn: (f) => (condition(f) ? a(f) : b(f)) };
    }
    case 'boolean': {
      const [a, b] = [then.fn, expectType(scope, otherwise, 'boolean', span, 'IF的第三个参数').fn];
      return { type: 'boolean', fn: (f) => (condition(f) ? a(f) : b(f)) };
    }
  }
}

/** INLIST(x [, 'list-id']): blank or a code of the list; the list defaults to the one of the cell x names. */
function compileInList(scope: Scope, call: Extract<Expression, { kind: 'call' }>): BooleanValue {
  arity(scope, call, 1, 2);
  const value = stringArgument(scope, call, 0);
  const listId =
    call.args.length === 2
      ? constantStringArgument(scope, call, 1)
      : value.cellIndex === undefined
        ? undefined
        : scope.env.space.cells[value.cellIndex]!.codeList;
  if (listId === undefined) fail(scope, 'INLIST的单元格没有代码表,请用第二个参数指明', call.span);
  const list = scope.env.codeLists.get(listId);
  if (!list) fail(scope, `未知的代码表“${listId}”`, call.args[1]?.span ?? call.span);
  const matches = codeListMatcher(list);
  const x = value.fn;
  return {
    type: 'boolean',
    fn: (f) => {
      const code = x(f);
      return code === '' || matches(code);
    },
  };
}

/** VALID(x, kind) holds for a blank or a valid code; WHYINVALID(x, kind) gives the reason ('' when valid). */
function compileValidation(scope: Scope, call: Extract<Expression, { kind: 'call' }>): Value {
  arity(scope, call, 2);
  const x = stringArgument(scope, call, 0).fn;
  const kind = constantStringArgument(scope, call, 1);
  if (!Object.hasOwn(CODE_CHECKERS, kind)) {
    fail(scope, `未知的校验类别“${kind}”,可用: ${Object.keys(CODE_CHECKERS).join('、')}`, call.args[1]!.span);
  }
  const check = CODE_CHECKERS[kind as ValidatorKind];
  if (call.name === 'VALID') {
    // Several rules check the same code in one audit, and edits rarely change it: remember the last answer.
    let lastCode = '';
    let lastAnswer = true;
    return {
      type: 'boolean',
      fn: (f) => {
        const code = x(f);
        if (code !== lastCode) {
          lastCode = code;
          lastAnswer = code === '' || check(code).ok;
        }
        return lastAnswer;
      },
    };
  }
  return {
    type: 'string',
    fn: (f) => {
      const code = x(f);
      const result = code === '' ? undefined : check(code);
      return result && !result.ok ? result.reason : '';
    },
  };
}

/**
 * PLAUSIBLE([cell]) holds for a blank cell or a finite number within the bound of the cell's unit (magnitude
 * and decimals); WHYIMPLAUSIBLE([cell]) gives the reason ('' when plausible). The bound comes from the unit.
 */
function compilePlausibility(scope: Scope, call: Extract<Expression, { kind: 'call' }>): Value {
  arity(scope, call, 1);
  const argument = call.args[0]!;
  if (argument.kind !== 'reference') fail(scope, `${call.name}的参数应为一个单元格引用`, argument.span);
  const cellIndex = resolveCell(scope, argument);
  const cell = scope.env.space.cells[cellIndex]!;
  if (!scope.env.space.isNumeric[cellIndex] || cell.unit === null) {
    fail(scope, `${call.name}只能用于有计量单位的数值单元格,“${cell.key}”不是`, argument.span);
  }
  const unit = cell.unit;
  const s = readCell(scope, cellIndex);
  // NaN stands for something typed that is not a number; a blank cell is plausible.
  const reason = (f: Frame): string =>
    f.notNumber[s] === 1
      ? implausibility(unit, NaN)
      : f.blank[s] === 1
        ? ''
        : implausibility(unit, f.num[s]!);
  if (call.name === 'WHYIMPLAUSIBLE') return { type: 'string', fn: reason };
  return {
    type: 'boolean',
    fn: (f) => f.notNumber[s] === 0 && (f.blank[s] === 1 || isPlausible(unit, f.num[s]!)),
  };
}

// ---- expressions ------------------------------------------------------------------------------------

function compileNode(scope: Scope, expression: Expression): Value {
  switch (expression.kind) {
    case 'number':
      return constantNumber(expression.value);
    case 'string': {
      const value = expression.value;
      return { type: 'string', fn: () => value, constant: value };
    }
    case 'boolean': {
      const value = expression.value;
      return { type: 'boolean', fn: () => value };
    }
    case 'parameter': {
      const value = scope.env.parameters[expression.name];
      if (value === undefined) fail(scope, `未知参数“$${expression.name}”`, expression.span);
      return constantNumber(value);
    }
    case 'reference':
      return compileReference(scope, expression);
    case 'range':
      return fail(scope, '单元格区域只能用在SUM、MIN、MAX、ISBLANK或NOTBLANK中', expression.span);
    case 'unary': {
      const operand = compileNode(scope, expression.operand);
      if (expression.operator === 'NOT') {
        const x = expectType(scope, operand, 'boolean', expression.operand.span, 'NOT的操作数').fn;
        return { type: 'boolean', fn: (f) => !x(f) };
      }
      const number = expectType(scope, operand, 'number', expression.operand.span, '负号后');
      if (number.constant !== undefined) return constantNumber(-number.constant);
      const x = number.fn;
      return { type: 'number', fn: (f) => -x(f) };
    }
    case 'binary':
      return compileBinary(scope, expression);
    case 'call':
      return compileCall(scope, expression);
  }
}

/** Compiles rule text (already parsed, or parsed here) against the cells of an edition's forms. */
export function compileFormula(
  source: string,
  env: CompileEnvironment,
  options: CompileOptions,
  expression: Expression = parseRule(source),
): CompiledFormula {
  const scope: Scope = {
    ...options,
    env,
    source,
    period: options.period ?? CURRENT,
    reads: new Set(),
    cells: new Set(),
  };
  const value = compileNode(scope, expression);
  return { value, reads: [...scope.reads], cells: [...scope.cells] };
}

/** Compiles an assertion or condition: rule text that must yield true or false. */
export function compileCondition(
  source: string,
  env: CompileEnvironment,
  options: CompileOptions,
): CompiledFormula {
  const expression = parseRule(source);
  const compiled = compileFormula(source, env, options, expression);
  if (compiled.value.type !== 'boolean') {
    throw new RuleCompileError(
      `规则公式应为判断式(结果为真或假),实为${TYPE_NAMES[compiled.value.type]}`,
      source,
      expression.span,
    );
  }
  return compiled;
}
