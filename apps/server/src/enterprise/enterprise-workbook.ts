import ExcelJS from 'exceljs';
import type { XlsxParsingSettings } from '../config.ts';
import { loadUploadedWorkbook } from '../http/xlsx-upload-guard.ts';
import { readWorkbookInWorker } from '../http/xlsx-worker.ts';

/** The columns of the directory import file, in order; the header row must name them. */
export const importColumns = [
  '统一社会信用代码',
  '企业名称',
  '行政区划代码',
  '法定代表人',
  '行业代码',
  '主营业务收入(万元)',
  '软件业务收入(万元)',
  '集成电路设计收入(万元)',
  '主要从事基础软件等(是/否)',
  '企业规模(1-4)',
  '重点企业(是/否)',
  '人工智能业务(是/否)',
] as const;

export type ImportColumn = (typeof importColumns)[number];

export interface SheetRow {
  rowNumber: number;
  cells: Partial<Record<ImportColumn, string>>;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if (value instanceof Date) return value.toISOString();
  }
  return String(value).trim();
}

export interface ImportSheet {
  rows: SheetRow[];
  missingColumns: string[];
}

/**
 * Reads the first sheet: the header row names the columns; every later non-empty row is one enterprise.
 * A file that is no .xlsx, or too big once inflated, is refused with a WorkbookRejection.
 */
export async function readImportSheet(content: Buffer): Promise<ImportSheet> {
  const workbook = await loadUploadedWorkbook(content);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], missingColumns: [...importColumns] };
  const positions = new Map<ImportColumn, number>();
  sheet.getRow(1).eachCell((cell, column) => {
    const name = cellText(cell.value).replace(/\s/g, '') as ImportColumn;
    if (importColumns.includes(name)) positions.set(name, column);
  });
  const missingColumns = importColumns.slice(0, 5).filter((column) => !positions.has(column));
  const rows: SheetRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: SheetRow['cells'] = {};
    for (const [column, position] of positions) cells[column] = cellText(row.getCell(position).value);
    if (Object.values(cells).some((value) => value !== '')) rows.push({ rowNumber, cells });
  });
  return { rows, missingColumns };
}

/** `readImportSheet` in a worker thread, within the upload's time and memory budget (see xlsx-worker.ts). */
export function readImportSheetOffThread(
  settings: XlsxParsingSettings,
  content: Buffer,
): Promise<ImportSheet> {
  return readWorkbookInWorker(
    settings,
    new URL('./enterprise-workbook.worker.ts', import.meta.url),
    content,
    null,
  );
}

/** The import template: the header row and one example. */
export async function buildImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业名录');
  sheet.addRow([...importColumns]).font = { bold: true };
  sheet.addRow([
    '91440300MA5XXXXXXX',
    '示例软件有限公司',
    '440305',
    '张三',
    '6513',
    3200,
    2800,
    '',
    '否',
    '2',
    '是',
    '否',
  ]);
  sheet.columns.forEach((column) => {
    column.width = 20;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
