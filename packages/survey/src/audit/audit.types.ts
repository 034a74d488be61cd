import type { CellRef, FilingValues, PeriodType, Severity } from '../definitions/survey.types.ts';

/** Descriptive data of the filing enterprise; shown by the CLI, not audited (the basic table is). */
export interface EnterpriseInfo {
  uscc?: string;
  name?: string;
  divisionCode?: string;
}

export interface AuditInput {
  periodType: PeriodType;
  values: FilingValues;
  /** Values of the previous period of the same year (monthly: last month's year-to-date values). */
  previousPeriod?: FilingValues;
  /** Values of the same period of the previous year. */
  samePeriodLastYear?: FilingValues;
  /** '2023' or '2024-05'; a January filing ignores previousPeriod, as a new year starts its sums afresh. */
  period?: string;
  enterprise?: EnterpriseInfo;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** zh-CN, with the computed values filled in. */
  message: string;
  /** Cells the rule's assertion reads, for the form to highlight. */
  cells: readonly CellRef[];
}

export interface AuditResult {
  findings: Finding[];
  /** The filed forms with computed cells filled in: every cell of each, null where blank. */
  derived: FilingValues;
}
