import type ExcelJS from 'exceljs';
import {
  formsForPeriodType,
  gridCellKey,
  listCells,
  type CellDefinition,
  type CellValue,
  type FilingValues,
  type FormDefinition,
  getEdition,
  type PeriodType,
  STORABLE_MAGNITUDE,
} from '@zhibao/survey';
import type { XlsxParsingSettings } from '../config.ts';
import { loadUploadedWorkbook } from '../http/xlsx-upload-guard.ts';
import { readWorkbookInWorker } from '../http/xlsx-worker.ts';
import { FIRST_DATA_ROW, PERIOD_PREFIX, sheetNameOf } from './filing-workbook.ts';

/** A problem of an uploaded workbook, naming the sheet and cell so the filer can find it. */
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

/** The 报告期 written on the sheet's filer line, if any. */
function periodLabelOf(sheet: ExcelJS.Worksheet): string | null {
  for (let column = 1; column <= sheet.columnCount; column += 1) {
    const text = plainValue(sheet.getCell(3, column).value);
    if (typeof text === 'string' && text.startsWith(PERIOD_PREFIX))
      return text.slice(PERIOD_PREFIX.length).trim();
  }
  return null;
}

/** Which task's template a workbook is read as; plain data, so it can be handed to a worker. */
export interface FilingWorkbookTarget {
  editionId: string;
  periodType: PeriodType;
  periodLabel: string;
}

/**
 * Reads a filled template back into typed values. Computed cells are ignored (the engine derives them);
 * a missing sheet, another period's file or a non-number in a number cell is reported by sheet and cell.
 * A file the upload guard refuses throws a WorkbookRejection.
 */
export async function readFilingWorkbook(
  content: Buffer,
  target: FilingWorkbookTarget,
): Promise<ReadWorkbook> {
  const workbook = await loadUploadedWorkbook(content);
  const edition = getEdition(target.editionId);
  const values: FilingValues = {};
  const problems: WorkbookProblem[] = [];
  for (const form of formsForPeriodType(edition, target.periodType)) {
    const name = sheetNameOf(form);
    const sheet = workbook.getWorksheet(name);
    if (!sheet) {
      problems.push({ name, reason: `文件中没有工作表“${name}”(${form.name})，请使用本任务的模板` });
      continue;
    }
    const periodLabel = periodLabelOf(sheet);
    if (periodLabel !== null && periodLabel !== target.periodLabel) {
      problems.push({
        name: `${name}!A3`,
        reason: `文件的报告期是${periodLabel}，与本任务的报告期${target.periodLabel}不一致`,
      });
      continue;
    }
    values[form.id] = form.grid
      ? readGridForm(sheet, form, problems)
      : readIndicatorForm(sheet, form, problems);
  }
  return { values, problems };
}

/** `readFilingWorkbook` in a worker thread, within the upload's time and memory budget (see xlsx-worker.ts). */
export function readFilingWorkbookOffThread(
  settings: XlsxParsingSettings,
  content: Buffer,
  target: FilingWorkbookTarget,
): Promise<ReadWorkbook> {
  return readWorkbookInWorker(
    settings,
    new URL('./filing-workbook-reader.worker.ts', import.meta.url),
    content,
    target,
  );
}
