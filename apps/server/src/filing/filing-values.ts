import {
  formsForPeriodType,
  listCells,
  type CellDefinition,
  type FilingValues,
  type Finding,
  type FormId,
  type PeriodType,
  type SurveyEdition,
} from '@zhibao/survey';
import type { InvalidParam } from '../http/app-error.ts';

/** The cells a filer types on the forms of a period type, by form and key (computed cells excluded). */
export function typedCellsOf(
  edition: SurveyEdition,
  periodType: PeriodType,
): Map<FormId, Map<string, CellDefinition>> {
  return new Map(
    formsForPeriodType(edition, periodType).map((form) => [
      form.id,
      new Map(
        listCells(form)
          .filter((cell) => !cell.isComputed)
          .map((cell) => [cell.key, cell]),
      ),
    ]),
  );
}

const isNumericType = (cell: CellDefinition) =>
  cell.type === 'amount' || cell.type === 'count' || cell.type === 'ratio';

/**
 * Checks the shape of typed values against the edition's forms: known forms and cells, no computed cells,
 * numbers where a number is due. Whether the numbers are right is the audit's business, not this check's.
 */
export function checkFilingValues(
  edition: SurveyEdition,
  periodType: PeriodType,
  values: Record<string, Record<string, unknown>>,
): InvalidParam[] {
  const typed = typedCellsOf(edition, periodType);
  const problems: InvalidParam[] = [];
  for (const [formId, cells] of Object.entries(values)) {
    const formCells = typed.get(formId as FormId);
    if (!formCells) {
      problems.push({ name: formId, reason: '不是本报告期应填报的报表' });
      continue;
    }
    for (const [key, value] of Object.entries(cells)) {
      const cell = formCells.get(key);
      if (!cell) {
        problems.push({ name: `${formId}.${key}`, reason: '不是本表可填报的单元格(自动计算项不能填报)' });
      } else if (
        value !== null &&
        isNumericType(cell) &&
        (typeof value !== 'number' || !Number.isFinite(value))
      ) {
        problems.push({ name: `${formId}.${key}`, reason: `${cell.name}应填写数字` });
      } else if (value !== null && !isNumericType(cell) && typeof value !== 'string') {
        problems.push({ name: `${formId}.${key}`, reason: `${cell.name}应填写文字或代码` });
      }
    }
  }
  return problems;
}

/** Drops blank cells, so a saved filing holds only what was typed. */
export function compactValues(values: FilingValues): FilingValues {
  const compact: FilingValues = {};
  for (const [formId, cells] of Object.entries(values) as Array<[FormId, Record<string, unknown>]>) {
    const kept = Object.entries(cells ?? {}).filter(([, value]) => value !== null && value !== '');
    compact[formId] = Object.fromEntries(kept) as Record<string, number | string>;
  }
  return compact;
}

/** The path invalidParams use for a finding: its first cell, as `monthly.2010`. */
export function findingCellPath(finding: Pick<Finding, 'cells'>): string {
  const cell = finding.cells[0];
  return cell ? `${cell.formId}.${cell.key}` : '(filing)';
}
