import type { CellChange } from '@zhibao/contracts';
import {
  auditFiling,
  deriveComputedCells,
  formsForPeriodType,
  getEdition,
  listCells,
  switchedEdition,
  type CellDefinition,
  type FilingValues,
  type Finding,
  type PeriodType,
  type RuleSwitchPackage,
} from '@zhibao/survey';
import type { CellValues } from '../db/schema.ts';

/** Every cell of the forms of a period type, by `form.key`, for labels and validation of cell references. */
export function cellIndexOf(editionId: string, periodType: PeriodType): Map<string, CellDefinition> {
  const edition = getEdition(editionId);
  const index = new Map<string, CellDefinition>();
  for (const form of formsForPeriodType(edition, periodType)) {
    for (const cell of listCells(form)) index.set(`${cell.formId}.${cell.key}`, cell);
  }
  return index;
}

/** The survey engine's audit of a filing, with the comparison periods and the switch packages it needs. */
export function auditStoredFiling(input: {
  editionId: string;
  periodType: PeriodType;
  period: string;
  values: CellValues;
  previousPeriod?: CellValues;
  samePeriodLastYear?: CellValues;
  packages: readonly RuleSwitchPackage[];
}): Finding[] {
  return auditFiling(switchedEdition(getEdition(input.editionId), input.packages, input.period), {
    periodType: input.periodType,
    period: input.period,
    values: input.values as FilingValues,
    previousPeriod: input.previousPeriod as FilingValues | undefined,
    samePeriodLastYear: input.samePeriodLastYear as FilingValues | undefined,
  }).findings;
}

/** The filing with its computed cells (合计) filled in. */
export function deriveValues(editionId: string, periodType: PeriodType, values: CellValues): CellValues {
  return deriveComputedCells(getEdition(editionId), periodType, values as FilingValues) as CellValues;
}

/** The indicator whose size weighs a filing in its region's total: 软件业务收入 (月报 2020, 年报 A10). */
export function headlineCell(periodType: PeriodType): { formId: string; key: string } {
  return periodType === 'month' ? { formId: 'monthly', key: '2020' } : { formId: 'business', key: 'A10' };
}

export function numericValue(values: CellValues | undefined, formId: string, key: string): number | null {
  const value = values?.[formId]?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Cell-by-cell differences between two versions of a filing, in form order. */
export function diffValues(
  cells: Map<string, CellDefinition>,
  before: CellValues | undefined,
  after: CellValues,
): CellChange[] {
  const changes: CellChange[] = [];
  for (const cell of cells.values()) {
    const old = before?.[cell.formId]?.[cell.key] ?? null;
    const now = after[cell.formId]?.[cell.key] ?? null;
    if (old === now) continue;
    changes.push({
      formId: cell.formId,
      key: cell.key,
      label: cell.label,
      name: cell.name,
      before: old,
      after: now,
    });
  }
  return changes;
}
