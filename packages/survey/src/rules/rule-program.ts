import { formsForPeriodType } from '../definitions/edition-forms.ts';
import { UNIT_BOUNDS } from '../definitions/unit-bounds.ts';
import type {
  CellDefinition,
  CellRef,
  CellSelector,
  FormId,
  PeriodType,
  RuleDefinition,
  SurveyEdition,
} from '../definitions/survey.types.ts';
import {
  buildCellSpace,
  CURRENT,
  LAST_YEAR,
  PERIOD_COUNT,
  PREVIOUS,
  type CellSpace,
  type Frame,
  type PeriodIndex,
} from './cell-space.ts';
import { compileMessage } from './message-template.ts';
import {
  compileCondition,
  compileFormula,
  type Binding,
  type BooleanFn,
  type CompileEnvironment,
  type CompileOptions,
  type NumberFn,
  type StringFn,
} from './rule-compiler.ts';
import { RuleError } from './rule-errors.ts';

/** One rule bound to one row or cell (or the rule itself when it is not templated), ready to run. */
export interface RuleInstance {
  rule: RuleDefinition;
  /** The row or cell a templated rule was instantiated for. */
  binding: Binding | undefined;
  check: BooleanFn;
  when: BooleanFn | undefined;
  message: (frame: Frame) => string;
  /** Current-period cells the assertion reads; the form highlights them. */
  cells: readonly CellRef[];
  /** Every slot whose value can change the outcome or the message. */
  dependencies: readonly number[];
}

/** Derives one computed cell of one period; blank when every input is blank. */
export interface ComputedStep {
  cellIndex: number;
  slot: number;
  numberFn: NumberFn | undefined;
  stringFn: StringFn | undefined;
  inputs: Int32Array;
}

/** An edition's forms and rules for one period type, compiled against one slot layout. */
export interface AuditProgram {
  edition: SurveyEdition;
  periodType: PeriodType;
  space: CellSpace;
  frameSize: number;
  /** Computed cells in dependency order, per period (current, previous, same period last year). */
  derivation: ComputedStep[][];
  instances: RuleInstance[];
}

function withRuleContext<T>(rule: string, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    const ErrorClass = error.constructor as new (
      reason: string,
      source: string,
      span: RuleError['span'],
    ) => RuleError;
    throw new ErrorClass(`${rule}: ${error.reason}`, error.source, error.span);
  }
}

function cellBinding(space: CellSpace, cell: CellDefinition): Binding {
  return {
    key: `${cell.formId}!${cell.key}`,
    label: cell.label,
    name: cell.name,
    group: '',
    table: space.formById.get(cell.formId)!.name,
  };
}

function selectCells(
  space: CellSpace,
  selector: Extract<CellSelector, { cells: string }>['cells'],
): CellDefinition[] {
  return space.cells.filter((cell, i) => {
    if (selector === 'ofWhichParents') return space.ofWhich[i]!.length > 0;
    if (cell.isComputed) return false;
    switch (selector) {
      case 'nonNegative':
        // A cell may allow negatives (利润) only where its unit does: a number of persons never does.
        return space.isNumeric[i] && !(cell.allowsNegative && unitAllowsNegative(cell));
      case 'numeric':
        return space.isNumeric[i] && cell.unit !== null;
      case 'required':
        return cell.isRequired;
      case 'flow':
        return cell.isFlow;
      case 'codeList':
        return cell.codeList !== undefined;
      case 'typedTotals':
        return space.parts[i]!.length > 0;
    }
  });
}

function unitAllowsNegative(cell: CellDefinition): boolean {
  return cell.unit === null || UNIT_BOUNDS[cell.unit].allowsNegative;
}

/** The rows or cells a templated rule is instantiated for; [undefined] for a plain rule. */
export function bindingsFor(rule: RuleDefinition, space: CellSpace): Array<Binding | undefined> {
  const selector = rule.forEach;
  if (!selector) return [undefined];
  if ('cells' in selector) return selectCells(space, selector.cells).map((cell) => cellBinding(space, cell));
  if ('keys' in selector) {
    return selector.keys.map((qualified) => {
      const [formId, key] = qualified.includes('!') ? qualified.split('!') : [rule.form, qualified];
      const index = space.indexByForm.get(formId as FormId)?.get(key!);
      if (index === undefined) throw new Error(`${rule.id}: forEach names unknown cell ${qualified}`);
      return cellBinding(space, space.cells[index]!);
    });
  }
  const form = space.formById.get(rule.form);
  const rows = form?.grid?.rows;
  if (!form || !rows) throw new Error(`${rule.id}: rowsUnder needs a grid form, not ${rule.form}`);
  const parentOf = new Map(rows.map((row) => [row.rowNo, row.parentRowNo]));
  const hasChildren = new Set(rows.map((row) => row.parentRowNo));
  const isUnder = (rowNo: string): boolean => {
    for (let at = parentOf.get(rowNo); at !== undefined; at = parentOf.get(at)) {
      if (selector.rowsUnder.includes(at)) return true;
    }
    return false;
  };
  return rows
    .filter((row) => !hasChildren.has(row.rowNo) && isUnder(row.rowNo))
    .map((row) => ({
      key: row.rowNo,
      label: row.rowNo,
      name: row.name,
      group: row.rowNo.split('.')[0]!,
      table: form.name,
    }));
}

function conjunction(conditions: BooleanFn[]): BooleanFn | undefined {
  if (conditions.length <= 1) return conditions[0];
  return (frame) => conditions.every((condition) => condition(frame));
}

function compileStep(env: CompileEnvironment, cellIndex: number, period: PeriodIndex): ComputedStep {
  const { space } = env;
  const cell = space.cells[cellIndex]!;
  const compiled = withRuleContext(`${cell.formId}!${cell.key}`, () =>
    compileFormula(cell.formula!, env, { homeForm: cell.formId, tolerance: 0, period }),
  );
  const { value } = compiled;
  if (value.type === 'boolean' || (value.type === 'number') !== space.isNumeric[cellIndex]) {
    throw new Error(
      `${cell.formId}!${cell.key}: its formula yields a ${value.type}, the cell is ${cell.type}`,
    );
  }
  return {
    cellIndex,
    slot: period * space.cellCount + cellIndex,
    numberFn: value.type === 'number' ? value.fn : undefined,
    stringFn: value.type === 'string' ? value.fn : undefined,
    inputs: Int32Array.from(compiled.reads),
  };
}

/** Orders computed cells so that each comes after the computed cells it reads. */
function derivationOrder(space: CellSpace, steps: Map<number, ComputedStep>): number[] {
  const order: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (cellIndex: number, path: number[]): void => {
    if (state.get(cellIndex) === 'done') return;
    if (state.get(cellIndex) === 'visiting') {
      const cycle = [...path, cellIndex].map((i) => space.cells[i]!.key).join(' → ');
      throw new Error(`computed cells depend on each other in a cycle: ${cycle}`);
    }
    state.set(cellIndex, 'visiting');
    for (const input of steps.get(cellIndex)!.inputs) {
      if (steps.has(input)) visit(input, [...path, cellIndex]);
    }
    state.set(cellIndex, 'done');
    order.push(cellIndex);
  };
  for (const cellIndex of steps.keys()) visit(cellIndex, []);
  return order;
}

function compileDerivation(env: CompileEnvironment): ComputedStep[][] {
  const { space } = env;
  const current = new Map<number, ComputedStep>();
  space.cells.forEach((cell, cellIndex) => {
    if (cell.formula !== undefined) current.set(cellIndex, compileStep(env, cellIndex, CURRENT));
  });
  const order = derivationOrder(space, current);
  return [
    order.map((cellIndex) => current.get(cellIndex)!),
    order.map((cellIndex) => compileStep(env, cellIndex, PREVIOUS)),
    order.map((cellIndex) => compileStep(env, cellIndex, LAST_YEAR)),
  ];
}

function compileInstances(
  env: CompileEnvironment,
  edition: SurveyEdition,
  periodType: PeriodType,
): RuleInstance[] {
  const { space } = env;
  const applicability = new Map<FormId, { fn: BooleanFn; reads: number[] }>();
  for (const form of space.forms) {
    if (form.applicableWhen === undefined) continue;
    const compiled = withRuleContext(`${form.id}.applicableWhen`, () =>
      compileCondition(form.applicableWhen!, env, { homeForm: form.id, tolerance: 0 }),
    );
    applicability.set(form.id, { fn: compiled.value.fn as BooleanFn, reads: compiled.reads });
  }
  const defaultTolerance = edition.parameters.tolerance ?? 0;
  const instances: RuleInstance[] = [];
  for (const rule of edition.rules) {
    if (rule.periodType !== periodType) continue;
    const tolerance = rule.tolerance ?? defaultTolerance;
    for (const binding of bindingsFor(rule, space)) {
      const options = { homeForm: rule.form, tolerance, binding };
      const label = binding ? `${rule.id}[${binding.label}]` : rule.id;
      const check = withRuleContext(label, () => compileCondition(rule.formula, env, options));
      const when =
        rule.when === undefined
          ? undefined
          : withRuleContext(label, () => compileCondition(rule.when!, env, options));
      const message = withRuleContext(`${label} message`, () => compileMessage(rule.message, env, options));
      const conditions: BooleanFn[] = when ? [when.value.fn as BooleanFn] : [];
      const dependencies = new Set([...check.reads, ...(when?.reads ?? []), ...message.reads]);
      const formsRead = new Set(check.cells.map((cellIndex) => space.cells[cellIndex]!.formId));
      for (const formId of formsRead) {
        const condition = applicability.get(formId);
        if (!condition) continue;
        conditions.push(condition.fn);
        for (const slot of condition.reads) dependencies.add(slot);
      }
      instances.push({
        rule,
        binding,
        check: check.value.fn as BooleanFn,
        when: conjunction(conditions),
        message: message.render,
        cells: Object.freeze(
          check.cells.map((cellIndex) => {
            const cell = space.cells[cellIndex]!;
            return Object.freeze({ formId: cell.formId, key: cell.key });
          }),
        ),
        dependencies: [...dependencies].sort((a, b) => a - b),
      });
    }
  }
  return instances;
}

/** Compiles an edition's forms and rules of one period type; throws a RuleError naming the rule at fault. */
export function compileAuditProgram(edition: SurveyEdition, periodType: PeriodType): AuditProgram {
  const space = buildCellSpace(formsForPeriodType(edition, periodType));
  const env: CompileEnvironment = {
    space,
    parameters: edition.parameters,
    codeLists: new Map(edition.codeLists.map((list) => [list.id, list])),
  };
  return {
    edition,
    periodType,
    space,
    frameSize: space.cellCount * PERIOD_COUNT,
    derivation: compileDerivation(env),
    instances: compileInstances(env, edition, periodType),
  };
}

/** Where in an edition a compile problem lies: a rule's field, a computed cell's formula or a form's condition. */
export type ProgramProblemTarget =
  | { kind: 'rule'; ruleId: string; field: 'formula' | 'when' | 'message' | 'forEach' }
  | { kind: 'cell'; formId: FormId; key: string }
  | { kind: 'form'; formId: FormId };

export interface ProgramProblem {
  target: ProgramProblemTarget;
  error: Error;
}

function attempt(problems: ProgramProblem[], target: ProgramProblemTarget, run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    problems.push({ target, error });
    return false;
  }
}

/**
 * Compiles every computed cell, form condition and rule of one period type on its own and lists every problem
 * (compileAuditProgram stops at the first), so an edition file's author sees them all at once.
 */
export function checkAuditProgram(edition: SurveyEdition, periodType: PeriodType): ProgramProblem[] {
  const problems: ProgramProblem[] = [];
  const forms = formsForPeriodType(edition, periodType);
  let space: CellSpace | undefined;
  if (
    !attempt(
      problems,
      { kind: 'form', formId: forms[0]?.id ?? 'basic' },
      () => (space = buildCellSpace(forms)),
    )
  )
    return problems;
  const env: CompileEnvironment = {
    space: space!,
    parameters: edition.parameters,
    codeLists: new Map(edition.codeLists.map((list) => [list.id, list])),
  };
  const steps = new Map<number, ComputedStep>();
  env.space.cells.forEach((cell, cellIndex) => {
    if (cell.formula === undefined) return;
    attempt(problems, { kind: 'cell', formId: cell.formId, key: cell.key }, () =>
      steps.set(cellIndex, compileStep(env, cellIndex, CURRENT)),
    );
  });
  const first = env.space.cells[steps.keys().next().value ?? 0];
  if (first)
    attempt(problems, { kind: 'cell', formId: first.formId, key: first.key }, () =>
      derivationOrder(env.space, steps),
    );
  for (const form of forms) {
    if (form.applicableWhen === undefined) continue;
    attempt(problems, { kind: 'form', formId: form.id }, () =>
      compileCondition(form.applicableWhen!, env, { homeForm: form.id, tolerance: 0 }),
    );
  }
  const tolerance = edition.parameters.tolerance ?? 0;
  for (const rule of edition.rules) {
    if (rule.periodType !== periodType) continue;
    const target = (field: 'formula' | 'when' | 'message' | 'forEach') => ({
      kind: 'rule' as const,
      ruleId: rule.id,
      field,
    });
    let bindings: Array<Binding | undefined> = [];
    if (!attempt(problems, target('forEach'), () => (bindings = bindingsFor(rule, env.space)))) continue;
    const fields = [
      ['formula', (options: CompileOptions) => compileCondition(rule.formula, env, options)],
      [
        'when',
        (options: CompileOptions) => rule.when !== undefined && compileCondition(rule.when, env, options),
      ],
      ['message', (options: CompileOptions) => compileMessage(rule.message, env, options)],
    ] as const;
    for (const [field, compile] of fields) {
      for (const binding of bindings) {
        const label = binding ? `${rule.id}[${binding.label}]` : rule.id;
        const options = { homeForm: rule.form, tolerance: rule.tolerance ?? tolerance, binding };
        if (!attempt(problems, target(field), () => withRuleContext(label, () => compile(options)))) break;
      }
    }
  }
  return problems;
}

const programs = new WeakMap<SurveyEdition, Partial<Record<PeriodType, AuditProgram>>>();

/** The compiled program of an edition and period type, compiled on first use and then shared. */
export function auditProgramFor(edition: SurveyEdition, periodType: PeriodType): AuditProgram {
  let byPeriod = programs.get(edition);
  if (!byPeriod) programs.set(edition, (byPeriod = {}));
  return (byPeriod[periodType] ??= compileAuditProgram(edition, periodType));
}
