import {
  auditFiling,
  createSampleFiling,
  deriveComputedCells,
  getEdition,
  type AuditInput,
  type CellValue,
  type FilingValues,
  type Finding,
  type FormId,
} from '../src/index.ts';

export const edition = getEdition('2021');

/** A deep copy, so tests can change a filing freely. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The first seed whose enterprise has every optional part: AI table, embedded software and exports. */
export function fullAnnualSample(): FilingValues {
  for (let seed = 1; ; seed++) {
    const values = createSampleFiling(edition, { periodType: 'year', seed });
    if (values.ai && values.basic?.B13 === '1' && Number(values.business?.A61) > 0) return values;
  }
}

/** A May monthly filing with its April filing and last May's as context, from an enterprise with embedded software. */
export function monthlyCase(): Required<
  Pick<AuditInput, 'values' | 'previousPeriod' | 'samePeriodLastYear'>
> {
  for (let seed = 1; ; seed++) {
    const values = createSampleFiling(edition, { periodType: 'month', seed, monthIndex: 5 });
    if (values.monthly?.['2001'] !== '1' || !(Number(values.monthly['2041']) > 0)) continue;
    return {
      values,
      previousPeriod: createSampleFiling(edition, { periodType: 'month', seed, monthIndex: 4 }),
      samePeriodLastYear: createSampleFiling(edition, {
        periodType: 'month',
        seed,
        monthIndex: 5,
        scale: 0.9,
      }),
    };
  }
}

export function auditYear(values: FilingValues): Finding[] {
  return auditFiling(edition, { periodType: 'year', values }).findings;
}

/** A cell's value after derivation, as a number. */
export function derivedNumber(values: FilingValues, formId: FormId, key: string): number {
  const periodType = formId === 'monthly' ? 'month' : 'year';
  return Number(deriveComputedCells(edition, periodType, values)[formId]?.[key] ?? 0);
}

export function setCell(values: FilingValues, formId: FormId, key: string, value: CellValue): void {
  (values[formId] ??= {})[key] = value;
}

export function numberAt(values: FilingValues, formId: FormId, key: string): number {
  return Number(values[formId]?.[key] ?? 0);
}

export function ruleIds(findings: readonly Finding[]): string[] {
  return findings.map((finding) => finding.ruleId);
}
