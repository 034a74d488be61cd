import type ExcelJS from 'exceljs';
import { formsForPeriodType } from '../definitions/edition-forms.ts';
import { listEditions } from '../definitions/editions.ts';
import { gridCellKey, listCells } from '../definitions/form-cells.ts';
import type {
  CellDefinition,
  CellValue,
  FilingValues,
  FormDefinition,
  PeriodType,
  SurveyEdition,
} from '../definitions/survey.types.ts';
import { STORABLE_MAGNITUDE } from '../definitions/unit-bounds.ts';
import {
  APPROVAL_PREFIX,
  FILER_PREFIX,
  FIRST_DATA_ROW,
  PERIOD_PREFIX,
  periodOfLabel,
  sheetNameOf,
} from './filing-workbook-layout.ts';

/** A problem of a workbook, naming the sheet and cell so the filer can find it. */
export interface WorkbookProblem {
  /** `软统企6表!D7` */
  name: string;
  reason: string;
}

export interface ReadWorkbook {
  values: FilingValues;
  problems: WorkbookProblem[];
}

const isNumeric = (cell: CellDefinition) =>
  cell.type === 'amount' || cell.type === 'count' || cell.type === 'ratio';

/** The plain value of a cell: formulas give their cached result, rich text its text. */
function plainValue(value: ExcelJS.CellValue): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '2';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return plainValue((value.result ?? null) as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
  }
  return null;
}

function readCell(
  sheet: ExcelJS.Worksheet,
  row: number,
  column: number,
  cell: CellDefinition,
  problems: WorkbookProblem[],
): CellValue {
  const target = sheet.getCell(row, column);
  const raw = plainValue(target.value);
  const where = `${sheet.name}!${target.address}`;
  if (raw === null || (typeof raw === 'string' && raw.trim() === '')) return null;
  if (!isNumeric(cell)) return String(raw).trim();
  const number = typeof raw === 'number' ? raw : Number(raw.replace(/[,，\s]/g, ''));
  if (!Number.isFinite(number)) {
    problems.push({ name: where, reason: `${cell.label} ${cell.name}应填写数字，文件中是“${raw}”` });
    return null;
  }
  // As a draft would: a number up to the ceiling is read and audited (the audit names an implausible one).
  if (Math.abs(number) > STORABLE_MAGNITUDE) {
    problems.push({
      name: where,
      reason: `${cell.label} ${cell.name}超出可保存的范围：绝对值不能超过${STORABLE_MAGNITUDE.toLocaleString('en-US')}，文件中是${number}`,
    });
    return null;
  }
  return number;
}

function readIndicatorForm(sheet: ExcelJS.Worksheet, form: FormDefinition, problems: WorkbookProblem[]) {
  const codeColumn = form.labelColumns.indexOf('代码') + 1;
  const valueColumn = form.labelColumns.length + 1;
  const typed = new Map(
    listCells(form)
      .filter((cell) => !cell.isComputed)
      .map((cell) => [cell.key, cell]),
  );
  const values: Record<string, CellValue> = {};
  for (let row = FIRST_DATA_ROW; row <= sheet.rowCount; row += 1) {
    const code = plainValue(sheet.getCell(row, codeColumn).value);
    if (code === null) continue;
    const cell = typed.get(String(code).trim());
    if (!cell) continue;
    const value = readCell(sheet, row, valueColumn, cell, problems);
    if (value !== null) values[cell.key] = value;
  }
  return values;
}

function readGridForm(sheet: ExcelJS.Worksheet, form: FormDefinition, problems: WorkbookProblem[]) {
  const grid = form.grid!;
  const cells = new Map(listCells(form).map((cell) => [cell.key, cell]));
  const rowNos = new Set(grid.rows.map((row) => row.rowNo));
  const values: Record<string, CellValue> = {};
  for (let row = FIRST_DATA_ROW; row <= sheet.rowCount; row += 1) {
    const label = plainValue(sheet.getCell(row, 1).value);
    if (label === null) continue;
    const rowNo = String(label).trim() === '合计' ? 'total' : String(label).trim();
    if (!rowNos.has(rowNo)) continue;
    grid.columns.forEach((column, index) => {
      const cell = cells.get(gridCellKey(rowNo, column.code));
      if (!cell || cell.isComputed) return;
      const value = readCell(sheet, row, form.labelColumns.length + 1 + index, cell, problems);
      if (value !== null) values[cell.key] = value;
    });
  }
  return values;
}

/** A text of the heading line of a sheet that starts with a prefix, the prefix cut off. */
function headingText(sheet: ExcelJS.Worksheet, row: number, prefix: string): string | null {
  for (let column = 1; column <= sheet.columnCount; column += 1) {
    const text = plainValue(sheet.getCell(row, column).value);
    if (typeof text !== 'string') continue;
    const at = text.indexOf(prefix);
    if (at >= 0) return text.slice(at + prefix.length).trim();
  }
  return null;
}

/** The 报告期 written on the sheet's filer line, if any. */
export function periodLabelOf(sheet: ExcelJS.Worksheet): string | null {
  return headingText(sheet, 3, PERIOD_PREFIX);
}

/**
 * Reads a filled template or an exported filing back into typed values. Computed cells are ignored (the engine
 * derives them); a missing sheet, another period's file or a non-number in a number cell is reported by sheet and
 * cell. With `periodLabel`, a sheet of another 报告期 is refused.
 */
export function readFilingSheets(
  workbook: ExcelJS.Workbook,
  edition: SurveyEdition,
  periodType: PeriodType,
  periodLabel?: string,
): ReadWorkbook {
  const values: FilingValues = {};
  const problems: WorkbookProblem[] = [];
  for (const form of formsForPeriodType(edition, periodType)) {
    const name = sheetNameOf(form);
    const sheet = workbook.getWorksheet(name);
    if (!sheet) {
      problems.push({ name, reason: `文件中没有工作表“${name}”(${form.name})，请使用本任务的模板` });
      continue;
    }
    const label = periodLabelOf(sheet);
    if (periodLabel !== undefined && label !== null && label !== periodLabel) {
      problems.push({
        name: `${name}!A3`,
        reason: `文件的报告期是${label}，与本任务的报告期${periodLabel}不一致`,
      });
      continue;
    }
    values[form.id] = form.grid
      ? readGridForm(sheet, form, problems)
      : readIndicatorForm(sheet, form, problems);
  }
  return { values, problems };
}

/** What a workbook says about itself: its edition (by 批准文号), period type (by its sheets), 报告期 and filer. */
export interface WorkbookIdentity {
  edition: SurveyEdition;
  periodType: PeriodType;
  period?: string;
  enterprise?: { name: string; uscc?: string };
}

/** Identifies a workbook of the official layout, or says why it is not one. */
export function identifyWorkbook(workbook: ExcelJS.Workbook): WorkbookIdentity | { problem: string } {
  const sheets = new Map(workbook.worksheets.map((sheet) => [sheet.name, sheet]));
  for (const edition of [...listEditions()].reverse()) {
    for (const periodType of ['year', 'month'] as const) {
      const forms = formsForPeriodType(edition, periodType);
      const first = sheets.get(sheetNameOf(forms[0]!));
      if (!first || headingText(first, 2, APPROVAL_PREFIX) !== edition.approvalNo) continue;
      const label = periodLabelOf(first);
      const filer = headingText(first, 3, FILER_PREFIX);
      const match = filer === null ? null : /^(.*?)（统一社会信用代码：(.*?)）$/.exec(filer);
      return {
        edition,
        periodType,
        period: label === null ? undefined : periodOfLabel(label),
        enterprise: match ? { name: match[1]!.trim(), uscc: match[2] } : filer ? { name: filer } : undefined,
      };
    }
  }
  const known = listEditions()
    .map((edition) => edition.approvalNo)
    .join('、');
  return {
    problem: `不是统计调查报表的官方格式: 找不到以表号命名、批准文号为${known}之一的工作表(如“软统企1表”“软统企6表”)`,
  };
}
