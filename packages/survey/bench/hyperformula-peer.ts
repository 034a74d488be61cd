import { FunctionArgumentType, FunctionPlugin, HyperFormula, type RawCellContent } from 'hyperformula';
import {
  parseRule,
  type CodeList,
  type Expression,
  type FilingValues,
  type PeriodType,
  type SurveyEdition,
} from '../src/index.ts';
import type { AuditInput } from '../src/audit/audit.types.ts';
import type { CellSpace } from '../src/rules/cell-space.ts';
import type { Binding } from '../src/rules/rule-compiler.ts';
import { compileAuditProgram } from '../src/rules/rule-program.ts';
import { isPlausible } from '../src/definitions/unit-bounds.ts';
import type { Unit } from '../src/definitions/survey.types.ts';
import { CODE_CHECKERS } from '../src/validators/code-checkers.ts';
import { classifyEnterpriseSize, ENTERPRISE_SIZE_CODES } from '../src/validators/enterprise-size.ts';

// The peer: the same rules as spreadsheet formulas in HyperFormula, laid out once. Sheet "In" holds one
// row per slot (every cell of the three periods), sheet "Der" the computed cells at the same rows, sheet
// "Rules" one row per rule instance (A: assertion, B: applicability). Auditing a filing is one
// setCellContents of the whole input block and one read of the Rules sheet (HyperFormula's fast path).
// Messages are not built (HyperFormula gets that for free); validators run as a function plugin.

class ZhibaoFunctions extends FunctionPlugin {
  static override implementedFunctions = {
    ZVALID: {
      method: 'zvalid',
      parameters: [
        { argumentType: FunctionArgumentType.STRING },
        { argumentType: FunctionArgumentType.STRING },
      ],
    },
    ZPLAUSIBLE: {
      method: 'zplausible',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.STRING },
      ],
    },
    ZSIZE: {
      method: 'zsize',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER },
      ],
    },
  };

  zvalid(ast: { args: never[] }, state: never) {
    return this.runFunction(
      ast.args,
      state,
      this.metadata('ZVALID'),
      (code: string, kind: keyof typeof CODE_CHECKERS) => (code === '' ? true : CODE_CHECKERS[kind](code).ok),
    );
  }

  zplausible(ast: { args: never[] }, state: never) {
    return this.runFunction(ast.args, state, this.metadata('ZPLAUSIBLE'), (value: number, unit: Unit) =>
      isPlausible(unit, value),
    );
  }

  zsize(ast: { args: never[] }, state: never) {
    return this.runFunction(
      ast.args,
      state,
      this.metadata('ZSIZE'),
      (employees: number, revenue: number) =>
        ENTERPRISE_SIZE_CODES[classifyEnterpriseSize(employees, revenue)],
    );
  }
}

HyperFormula.registerFunctionPlugin(ZhibaoFunctions, {
  enGB: { ZVALID: 'ZVALID', ZPLAUSIBLE: 'ZPLAUSIBLE', ZSIZE: 'ZSIZE' },
});

interface Translation {
  space: CellSpace;
  edition: SurveyEdition;
  tolerance: number;
  binding: Binding | undefined;
  homeForm: string;
  period: number;
  codeLists: Map<string, CodeList>;
}

function resolve(t: Translation, reference: Extract<Expression, { kind: 'reference' }>): number {
  let form = reference.form;
  let key = reference.key;
  if (key.includes('@')) {
    key = key.replaceAll('@', t.binding!.key);
    if (key.includes('!')) [form, key] = key.split('!') as [string, string];
  }
  return t.space.indexByForm.get((form ?? t.homeForm) as never)!.get(key)!;
}

function address(t: Translation, cellIndex: number, period = t.period): string {
  const slot = period * t.space.cellCount + cellIndex;
  return `${t.space.cells[cellIndex]!.isComputed ? 'Der' : 'In'}!$A$${slot + 1}`;
}

function cellList(t: Translation, expression: Expression): number[] | undefined {
  switch (expression.kind) {
    case 'reference':
      return [resolve(t, expression)];
    case 'range': {
      const from = resolve(t, expression.from);
      const to = resolve(t, expression.to);
      const column = t.space.cells[from]!.key.split(':')[1];
      return Array.from({ length: to - from + 1 }, (_, i) => from + i).filter(
        (i) => column === undefined || t.space.cells[i]!.key.split(':')[1] === column,
      );
    }
    case 'call':
      if (expression.name === 'PARTS') return t.space.parts[resolve(t, expression.args[0] as never)];
      if (expression.name === 'OFWHICH') return t.space.ofWhich[resolve(t, expression.args[0] as never)];
      return undefined;
    default:
      return undefined;
  }
}

function isTextExpression(t: Translation, expression: Expression): boolean {
  if (expression.kind === 'string') return true;
  if (expression.kind === 'reference') return !t.space.isNumeric[resolve(t, expression)];
  return expression.kind === 'call' && expression.name === 'MID';
}

const COMPARE: Record<string, (a: string, b: string, tolerance: number) => string> = {
  '=': (a, b, tol) => `ABS((${a})-(${b}))<=${tol}`,
  '<>': (a, b, tol) => `ABS((${a})-(${b}))>${tol}`,
  '<=': (a, b, tol) => `(${a})<=(${b})+${tol}`,
  '>=': (a, b, tol) => `(${a})>=(${b})-${tol}`,
  '<': (a, b, tol) => `(${a})<(${b})-${tol}`,
  '>': (a, b, tol) => `(${a})>(${b})+${tol}`,
};

function listCondition(codeList: CodeList, value: string): string {
  if (codeList.pattern !== undefined) return `OR(${value}="",AND(LEN(${value})=4,ISNUMBER(VALUE(${value}))))`;
  return `OR(${value}="",${codeList.entries.map((entry) => `${value}="${entry.code}"`).join(',')})`;
}

function translate(t: Translation, expression: Expression): string {
  const recur = (inner: Expression): string => translate(t, inner);
  switch (expression.kind) {
    case 'number':
      return String(expression.value);
    case 'string':
      return `"${expression.value.replaceAll('"', '""')}"`;
    case 'boolean':
      return expression.value ? 'TRUE()' : 'FALSE()';
    case 'parameter':
      return String(t.edition.parameters[expression.name]);
    case 'reference':
      return address(t, resolve(t, expression));
    case 'range':
      throw new Error('range outside an aggregate');
    case 'unary':
      return expression.operator === 'NOT'
        ? `NOT(${recur(expression.operand)})`
        : `-(${recur(expression.operand)})`;
    case 'binary': {
      const { operator, left, right } = expression;
      if (operator === 'AND' || operator === 'OR') return `${operator}(${recur(left)},${recur(right)})`;
      if (['+', '-', '*', '/'].includes(operator)) return `(${recur(left)})${operator}(${recur(right)})`;
      if (isTextExpression(t, left) || isTextExpression(t, right))
        return `(${recur(left)})${operator}(${recur(right)})`;
      return COMPARE[operator]!(recur(left), recur(right), t.tolerance);
    }
    case 'call': {
      const { name, args } = expression;
      switch (name) {
        case 'PREV':
        case 'LASTYEAR':
          return translate({ ...t, period: name === 'PREV' ? 1 : 2 }, args[0]!);
        case 'SUM':
        case 'MIN':
        case 'MAX':
          return `${name}(${args
            .map((arg) => {
              const cells = cellList(t, arg);
              return cells ? cells.map((cell) => address(t, cell)).join(',') : recur(arg);
            })
            .join(',')})`;
        case 'ISBLANK':
        case 'NOTBLANK': {
          const inner = args[0]!;
          const shifted = inner.kind === 'call' && (inner.name === 'PREV' || inner.name === 'LASTYEAR');
          const scope = shifted ? { ...t, period: inner.name === 'PREV' ? 1 : 2 } : t;
          const target = shifted ? inner.args[0]! : inner;
          const blanks = cellList(scope, target)!.map((cell) => `ISBLANK(${address(scope, cell)})`);
          const all = blanks.length === 1 ? blanks[0]! : `AND(${blanks.join(',')})`;
          return name === 'ISBLANK' ? all : `NOT(${all})`;
        }
        case 'INLIST': {
          const listId =
            args[1]?.kind === 'string'
              ? args[1].value
              : t.space.cells[resolve(t, args[0] as never)]!.codeList!;
          return listCondition(t.codeLists.get(listId)!, recur(args[0]!));
        }
        case 'VALID':
          return `ZVALID(${recur(args[0]!)},${recur(args[1]!)})`;
        case 'PLAUSIBLE': {
          const unit = t.space.cells[resolve(t, args[0] as never)]!.unit!;
          return `ZPLAUSIBLE(${recur(args[0]!)},"${unit}")`;
        }
        case 'SIZECLASS':
          return `ZSIZE(${recur(args[0]!)},${recur(args[1]!)})`;
        default:
          return `${name}(${args.map(recur).join(',')})`;
      }
    }
  }
}

/** An audit of filings of one period type by HyperFormula; returns the ids of the failing rules. */
export function createHyperFormulaAuditor(edition: SurveyEdition, periodType: PeriodType) {
  const program = compileAuditProgram(edition, periodType);
  const { space } = program;
  const codeLists = new Map(edition.codeLists.map((list) => [list.id, list]));
  const base = { space, edition, codeLists, binding: undefined, period: 0, tolerance: 0 };
  const hf = HyperFormula.buildEmpty({ licenseKey: 'gpl-v3', caseSensitive: true, useColumnIndex: false });
  const input = hf.getSheetId(hf.addSheet('In'))!;
  const derived = hf.getSheetId(hf.addSheet('Der'))!;
  const rules = hf.getSheetId(hf.addSheet('Rules'))!;

  const derivedColumn: RawCellContent[][] = Array.from({ length: program.frameSize }, () => [null]);
  program.derivation.forEach((steps, period) => {
    for (const step of steps) {
      const cell = space.cells[step.cellIndex]!;
      const formula = translate({ ...base, homeForm: cell.formId, period }, parseRule(cell.formula!));
      derivedColumn[step.slot] = [`=${formula}`];
    }
  });
  hf.setCellContents({ sheet: derived, row: 0, col: 0 }, derivedColumn);

  const applicability = new Map(
    space.forms
      .filter((form) => form.applicableWhen !== undefined)
      .map((form) => [form.id, translate({ ...base, homeForm: form.id }, parseRule(form.applicableWhen!))]),
  );
  const ruleRows = program.instances.map((instance) => {
    const t = {
      ...base,
      homeForm: instance.rule.form,
      binding: instance.binding,
      tolerance: instance.rule.tolerance ?? edition.parameters.tolerance ?? 0,
    };
    const conditions = [
      ...(instance.rule.when ? [translate(t, parseRule(instance.rule.when))] : []),
      ...[...new Set(instance.cells.map((cell) => cell.formId))].flatMap(
        (formId) => applicability.get(formId) ?? [],
      ),
    ];
    const when =
      conditions.length === 0
        ? 'TRUE()'
        : conditions.length === 1
          ? conditions[0]!
          : `AND(${conditions.join(',')})`;
    return [`=${translate(t, parseRule(instance.rule.formula))}`, `=${when}`];
  });
  hf.setCellContents({ sheet: rules, row: 0, col: 0 }, ruleRows);

  const typed = space.cells.map((cell) => !cell.isComputed);
  const block: RawCellContent[][] = Array.from({ length: program.frameSize }, () => [null]);
  const fill = (period: number, values: FilingValues | undefined): void => {
    space.cells.forEach((cell, cellIndex) => {
      const value = typed[cellIndex] ? values?.[cell.formId]?.[cell.key] : undefined;
      // A leading apostrophe keeps codes such as '1' text, as the form holds them.
      block[period * space.cellCount + cellIndex]![0] =
        value === undefined || value === null ? null : typeof value === 'string' ? `'${value}` : value;
    });
  };

  return {
    formulaCount: program.derivation.flat().length + ruleRows.length * 2,
    audit(filing: AuditInput): string[] {
      fill(0, filing.values);
      fill(1, filing.previousPeriod);
      fill(2, filing.samePeriodLastYear);
      hf.setCellContents({ sheet: input, row: 0, col: 0 }, block);
      const results = hf.getSheetValues(rules);
      const failing: string[] = [];
      for (let i = 0; i < results.length; i++) {
        const [check, when] = results[i]!;
        if (when === true && check !== true) failing.push(program.instances[i]!.rule.id);
      }
      return failing;
    },
  };
}
