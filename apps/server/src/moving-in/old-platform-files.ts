import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { DigestFormat } from '../account/legacy-password.ts';

/**
 * The old platform's exports, as its administrators download them (docs/moving-in.md):
 * `企业名录.csv` (or .xlsx), `用户.csv` (or .xlsx), `明细/*.xlsx` (one row per filing, one column per indicator
 * code) and, optionally, `导入设置.json` saying how the old platform salted and wrote its password digests.
 */
export const oldPlatformFiles = {
  directory: '企业名录',
  accounts: '用户',
  filingsFolder: '明细',
  settings: '导入设置.json',
} as const;

/** One row of an export: its number in the file (the header is row 1) and its non-empty cells as text, by header. */
export interface ExportRow {
  rowNumber: number;
  cells: Map<string, string>;
}

/**
 * A sheet of an export: its header (trimmed) and its later non-empty rows, read a batch at a time — a 明细
 * workbook of a year's filings for the whole country is read as it streams, never held whole.
 */
export interface ExportTable {
  file: string;
  header: string[];
  batches: AsyncIterable<ExportRow[]>;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
  }
  return String(value).trim();
}

/** A sheet's rows as (row number, values by column number), from a streamed workbook or an in-memory CSV. */
type SheetRows = AsyncIterator<{ number: number; cells: Array<[number, ExcelJS.CellValue]> }>;

function cellsOf(row: ExcelJS.Row): Array<[number, ExcelJS.CellValue]> {
  const cells: Array<[number, ExcelJS.CellValue]> = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => cells.push([column, cell.value]));
  return cells;
}

async function* streamedXlsxRows(filePath: string) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  // The first sheet only, as the old platform writes one.
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>)
      yield { number: row.number, cells: cellsOf(row) };
    return;
  }
}

async function* csvRows(filePath: string) {
  // Every cell as text: a USCC or a mobile number is no number, and "0.50" must keep what it says. The directory
  // and the accounts are a row per enterprise or account, small enough to read whole.
  const sheet = await new ExcelJS.Workbook().csv.readFile(filePath, { map: (value: unknown) => value });
  const rows: Array<{ number: number; cells: Array<[number, ExcelJS.CellValue]> }> = [];
  sheet.eachRow((row, number) => rows.push({ number, cells: cellsOf(row) }));
  yield* rows;
}

async function* batchesOf(rows: SheetRows, header: string[], size: number): AsyncGenerator<ExportRow[]> {
  let batch: ExportRow[] = [];
  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    const cells = new Map<string, string>();
    for (const [column, value] of next.value.cells) {
      const name = header[column - 1];
      const text = cellText(value);
      if (name && text !== '') cells.set(name, text);
    }
    if (cells.size === 0) continue;
    batch.push({ rowNumber: next.value.number, cells });
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Opens one export file, CSV (UTF-8, as the old platform writes it) or .xlsx, by its extension; rows in batches. */
export async function openExportTable(
  filePath: string,
  relativeName: string,
  batchSize: number,
): Promise<ExportTable> {
  const rows: SheetRows = (
    filePath.toLowerCase().endsWith('.csv') ? csvRows(filePath) : streamedXlsxRows(filePath)
  )[Symbol.asyncIterator]();
  const first = await rows.next();
  const header: string[] = [];
  if (!first.done && first.value.number === 1) {
    for (const [column, value] of first.value.cells) {
      header[column - 1] = cellText(value)
        .replace(/^\uFEFF/, '')
        .trim();
    }
  }
  for (let column = 0; column < header.length; column += 1) header[column] ??= '';
  return { file: relativeName, header, batches: batchesOf(rows, header, batchSize) };
}

async function findExport(dir: string, base: string): Promise<string | null> {
  for (const extension of ['.csv', '.xlsx']) {
    const candidate = path.join(dir, base + extension);
    if (
      await stat(candidate).then(
        (found) => found.isFile(),
        () => false,
      )
    )
      return candidate;
  }
  return null;
}

const settingsSchema = z.object({
  passwordHash: z
    .object({
      salt: z.enum(['none', 'prefix', 'suffix']).default('prefix'),
      encoding: z.enum(['hex', 'base64']).default('hex'),
    })
    .default({ salt: 'prefix', encoding: 'hex' }),
});

export interface OldPlatformExport {
  directory: string | null;
  accounts: string | null;
  filings: string[];
  /** How the old platform salted and wrote the digests of each algorithm the accounts file names (`加密方式`). */
  digest: DigestFormat;
}

/** Finds the export files in a folder; a file that is absent is simply not imported. */
export async function findOldPlatformExport(dir: string): Promise<OldPlatformExport> {
  const folder = path.join(dir, oldPlatformFiles.filingsFolder);
  const filings = await readdir(folder).then(
    (names) =>
      names
        .filter((name) => name.toLowerCase().endsWith('.xlsx') && !name.startsWith('~$'))
        .sort()
        .map((name) => path.join(folder, name)),
    () => [],
  );
  const settingsText = await readFile(path.join(dir, oldPlatformFiles.settings), 'utf8').catch(() => '{}');
  return {
    directory: await findExport(dir, oldPlatformFiles.directory),
    accounts: await findExport(dir, oldPlatformFiles.accounts),
    filings,
    digest: settingsSchema.parse(JSON.parse(settingsText)).passwordHash,
  };
}

/** A sheet as rows of cells, the first row its header. */
export type Sheet = Array<Array<string | number>>;

function csvOf(rows: Sheet): string {
  const quote = (cell: string | number) => {
    const text = String(cell);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${rows.map((row) => row.map(quote).join(',')).join('\n')}\n`;
}

/**
 * Writes a folder as the old platform's export is laid out: 企业名录.csv, 用户.csv, the 明细 workbooks and
 * 导入设置.json (into a new temporary folder unless told where); answers its path. For tests, the demo set and the
 * benchmark.
 */
export async function writeOldPlatformExport(
  files: {
    directory?: Sheet;
    accounts?: Sheet;
    filings?: Record<string, Iterable<Sheet[number]>>;
    settings?: unknown;
  },
  into?: string,
): Promise<string> {
  const dir = into ?? (await mkdtemp(path.join(tmpdir(), 'zhibao-old-platform-')));
  await mkdir(dir, { recursive: true });
  const named = (name: string) => path.join(dir, name);
  if (files.directory) await writeFile(named(`${oldPlatformFiles.directory}.csv`), csvOf(files.directory));
  if (files.accounts) await writeFile(named(`${oldPlatformFiles.accounts}.csv`), csvOf(files.accounts));
  if (files.settings) await writeFile(named(oldPlatformFiles.settings), JSON.stringify(files.settings));
  await mkdir(named(oldPlatformFiles.filingsFolder), { recursive: true });
  for (const [name, rows] of Object.entries(files.filings ?? {})) {
    // Streamed: the benchmark's workbooks hold a year of the whole country's filings.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path.join(named(oldPlatformFiles.filingsFolder), name),
      useSharedStrings: false,
      useStyles: false,
    });
    const sheet = workbook.addWorksheet('明细');
    for (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
  }
  return dir;
}
