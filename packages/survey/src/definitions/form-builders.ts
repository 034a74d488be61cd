import type { IndicatorDefinition, IndicatorType, SectionRow, Unit } from './survey.types.ts';

type IndicatorOptions = Partial<
  Pick<
    IndicatorDefinition,
    | 'type'
    | 'formula'
    | 'parentCode'
    | 'relation'
    | 'codeList'
    | 'validator'
    | 'isRequired'
    | 'allowsNegative'
    | 'isFlow'
  >
>;

function typeOfUnit(unit: Unit | null, options: IndicatorOptions): IndicatorType {
  if (options.type) return options.type;
  if (options.codeList) return 'code';
  switch (unit) {
    case null:
      return 'text';
    case '人':
      return 'count';
    case '%':
      return 'ratio';
    default:
      return 'amount';
  }
}

/** One indicator row; the type follows from the unit unless given, computed when a formula is given. */
export function indicator(
  code: string,
  name: string,
  unit: Unit | null,
  level: number,
  definition: string,
  options: IndicatorOptions = {},
): IndicatorDefinition {
  return {
    kind: 'indicator',
    code,
    name,
    unit,
    type: typeOfUnit(unit, options),
    isComputed: options.formula !== undefined,
    level,
    definition,
    ...options,
  };
}

/** A heading row of the printed form. */
export function section(name: string, level = 0): SectionRow {
  return { kind: 'section', name, level };
}

/** Shorthand for a 其中 item of a parent. */
export function ofWhich(parentCode: string): IndicatorOptions {
  return { parentCode, relation: 'ofWhich' };
}

/** Shorthand for a part that sums into its parent. */
export function partOf(parentCode: string): IndicatorOptions {
  return { parentCode, relation: 'part' };
}
