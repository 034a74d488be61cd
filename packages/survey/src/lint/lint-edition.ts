import { formsForPeriodType } from '../definitions/edition-forms.ts';
import type { FormId, PeriodType, RuleDefinition, SurveyEdition } from '../definitions/survey.types.ts';
import { buildCellSpace } from '../rules/cell-space.ts';
import type { ComparisonOperator, Expression } from '../rules/rule-ast.ts';
import { parseRule } from '../rules/rule-parser.ts';
import { printRule } from '../rules/rule-printer.ts';
import { bindingsFor } from '../rules/rule-program.ts';
import {
  holdingSet,
  IntervalAnalyzer,
  isDisjoint,
  negated,
  sameTerms,
  type Condition,
  type Linear,
} from './interval-analysis.ts';

// `zhibao lint`: defects of an edition's rules that compile fine but cannot be right. Unknown and mistyped cells
// are refused earlier, when the file loads (with the cell it most likely meant).

export type LintCode = 'never-fires' | 'always-fires' | 'duplicate' | 'contradiction' | 'message-reference';

/** One defect of a rule, with the field of the rule it is about. */
export interface LintFinding {
  code: LintCode;
  ruleId: string;
  field: 'formula' | 'when' | 'message';
  message: string;
}

const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '=': '=',
  '<>': '<>',
};

/** Every cell reference of an expression, as `form!key` (templated keys keep their '@'). */
function references(expression: Expression, homeForm: FormId, into: Set<string>): Set<string> {
  switch (expression.kind) {
    case 'reference':
      into.add(`${expression.form ?? homeForm}!${expression.key}`);
      break;
    case 'range':
      references(expression.from, homeForm, into);
      references(expression.to, homeForm, into);
      break;
    case 'unary':
      references(expression.operand, homeForm, into);
      break;
    case 'binary':
      references(expression.left, homeForm, into);
      references(expression.right, homeForm, into);
      break;
    case 'call':
      for (const arg of expression.args) references(arg, homeForm, into);
      break;
    default:
      break;
  }
  return into;
}

/** The {expression} placeholders of a message ({@…} name the binding and read nothing). */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{([^}]*)\}/g)]
    .map((match) => match[1]!)
    .filter((body) => !body.startsWith('@'));
}

function checkMessage(rule: RuleDefinition): LintFinding[] {
  const read = references(parseRule(rule.formula), rule.form, new Set());
  if (rule.when !== undefined) references(parseRule(rule.when), rule.form, read);
  const shown = new Set<string>();
  for (const body of placeholders(rule.message)) references(parseRule(body), rule.form, shown);
  return [...shown]
    .filter((reference) => !read.has(reference))
    .map((reference) => ({
      code: 'message-reference' as const,
      ruleId: rule.id,
      field: 'message' as const,
      message: `${rule.id}: 提示信息引用了单元格[${reference}],但规则的公式和条件都不读取它`,
    }));
}

function identity(rule: RuleDefinition): string {
  const print = (text: string | undefined) => (text === undefined ? '' : printRule(parseRule(text)));
  return [
    rule.periodType,
    rule.form,
    JSON.stringify(rule.forEach ?? null),
    print(rule.when),
    print(rule.formula),
  ].join('\u0000');
}

function checkDuplicates(rules: readonly RuleDefinition[]): LintFinding[] {
  const seen = new Map<string, string>();
  const findings: LintFinding[] = [];
  for (const rule of rules) {
    const key = identity(rule);
    const first = seen.get(key);
    if (first !== undefined) {
      findings.push({
        code: 'duplicate',
        ruleId: rule.id,
        field: 'formula',
        message: `${rule.id}: 与规则${first}的公式、条件和适用范围完全相同,是重复的规则`,
      });
    } else seen.set(key, rule.id);
  }
  return findings;
}

function describeBindings(labels: string[], total: number): string {
  return total === 1
    ? ''
    : `(${labels.length === total ? '每一' : ''}${labels.slice(0, 5).join('、')}${labels.length > 5 ? '等' : ''}项)`;
}

/** A rule's comparison as a linear form, when its formula is a single comparison of linear sums. */
interface LinearComparison {
  rule: RuleDefinition;
  difference: Linear;
  operator: ComparisonOperator;
  tolerance: number;
  when: string;
}

function contradicts(a: LinearComparison, b: LinearComparison): boolean {
  if (a.when !== b.when || a.operator === '<>' || b.operator === '<>') return false;
  let other: { difference: Linear; operator: ComparisonOperator } = {
    difference: b.difference,
    operator: b.operator,
  };
  if (!sameTerms(a.difference, b.difference)) {
    const flipped = negated(b.difference);
    if (!sameTerms(a.difference, flipped)) return false;
    other = { difference: flipped, operator: FLIPPED[b.operator] };
  }
  const first = holdingSet(a.difference, a.operator, a.tolerance);
  const second = holdingSet(other.difference, other.operator, b.tolerance);
  return first !== undefined && second !== undefined && isDisjoint(first, second);
}

function checkPeriod(edition: SurveyEdition, periodType: PeriodType): LintFinding[] {
  const space = buildCellSpace(formsForPeriodType(edition, periodType));
  const analyzer = new IntervalAnalyzer(space, edition.parameters);
  const findings: LintFinding[] = [];
  const comparisons: LinearComparison[] = [];
  for (const rule of edition.rules) {
    if (rule.periodType !== periodType) continue;
    const tolerance = rule.tolerance ?? edition.parameters.tolerance ?? 0;
    const bindings = bindingsFor(rule, space);
    const never: string[] = [];
    const always: string[] = [];
    let plain: Condition | undefined;
    for (const binding of bindings) {
      const holds = analyzer.truthOf(rule.formula, rule.form, binding, tolerance);
      const applies =
        rule.when === undefined ? 'true' : analyzer.truthOf(rule.when, rule.form, binding, tolerance).truth;
      const label = binding?.label ?? rule.id;
      if (holds.truth === 'true' || applies === 'false') never.push(label);
      else if (holds.truth === 'false' && applies === 'true') always.push(label);
      plain = holds;
    }
    if (never.length > 0) {
      findings.push({
        code: 'never-fires',
        ruleId: rule.id,
        field: rule.when !== undefined && never.length > 0 ? 'when' : 'formula',
        message: `${rule.id}${describeBindings(never, bindings.length)}: 在各单元格的取值范围和合计/其中关系下,公式总是成立或条件总不成立,规则永远不会触发`,
      });
    }
    if (always.length > 0) {
      findings.push({
        code: 'always-fires',
        ruleId: rule.id,
        field: 'formula',
        message: `${rule.id}${describeBindings(always, bindings.length)}: 在各单元格的取值范围和合计/其中关系下,公式总不成立,任何填报都会触发`,
      });
    }
    const comparison = plain?.comparison;
    if (bindings.length === 1 && bindings[0] === undefined && comparison?.difference.kind === 'linear') {
      comparisons.push({
        rule,
        difference: comparison.difference,
        operator: comparison.operator,
        tolerance,
        when: rule.when === undefined ? '' : printRule(parseRule(rule.when)),
      });
    }
  }
  comparisons.forEach((b, j) => {
    const a = comparisons.slice(0, j).find((candidate) => contradicts(candidate, b));
    if (a) {
      findings.push({
        code: 'contradiction',
        ruleId: b.rule.id,
        field: 'formula',
        message: `${b.rule.id}: 与规则${a.rule.id}相互矛盾,两者的公式不能同时成立,任何填报都会触发其中之一`,
      });
    }
  });
  return findings;
}

/** The defects the linter finds in an edition's rules, in rule order per check. */
export function lintEdition(edition: SurveyEdition): LintFinding[] {
  return [
    ...checkPeriod(edition, 'year'),
    ...checkPeriod(edition, 'month'),
    ...checkDuplicates(edition.rules),
    ...edition.rules.flatMap(checkMessage),
  ];
}
