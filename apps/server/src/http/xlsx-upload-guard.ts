import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/**
 * What an uploaded .xlsx may hold. A real 企业名录 or filled template is far below every limit; the
 * limits are there so that a crafted file (a zip bomb, a sheet of a million rows) is refused before
 * exceljs builds it in memory, where it could take the whole server down.
 */
export interface XlsxLimits {
  maxEntries: number;
  /** Sum of the entries' uncompressed sizes, as declared and as actually inflated. */
  maxUncompressedBytes: number;
  /** Inflated ÷ compressed size of one entry; only judged for entries above `ratioCheckFromBytes`. */
  maxCompressionRatio: number;
  ratioCheckFromBytes: number;
  maxRowsPerSheet: number;
  maxColumnsPerSheet: number;
  maxCellsPerSheet: number;
  /** Cells of all sheets together. */
  maxCellsPerWorkbook: number;
  /** Entries of the shared string table (`<si>`), each of which exceljs keeps as an object. */
  maxSharedStrings: number;
  /** The shared string table's inflated size. */
  maxSharedStringsBytes: number;
  /** Style records of styles.xml (cell formats, fonts, fills, borders, number formats). */
  maxStyles: number;
}

export const defaultXlsxLimits: XlsxLimits = {
  maxEntries: 1000,
  maxUncompressedBytes: 50 * 1024 * 1024,
  // Spreadsheet XML deflates 10–30×, a sheet of one repeated value maybe 100×; bombs go to 1000× and beyond.
  maxCompressionRatio: 200,
  ratioCheckFromBytes: 1024 * 1024,
  maxRowsPerSheet: 50_000,
  maxColumnsPerSheet: 500,
  maxCellsPerSheet: 1_000_000,
  // A province's 名录 (about 40,000 enterprises × 12 columns) stays below; exceljs needs about 250 MB for it.
  maxCellsPerWorkbook: 500_000,
  // A real 名录 has a few distinct texts per enterprise; 2.75 million tiny strings (47 MB inflated, 686 KB
  // zipped) kept one parse busy for 6.5 s, fourteen of them took 2.9 GB.
  maxSharedStrings: 200_000,
  maxSharedStringsBytes: 16 * 1024 * 1024,
  // Excel itself stops at 64,000 cell formats; our templates have a few dozen style records.
  maxStyles: 64_000,
};

/** Why an uploaded workbook was refused, in words the uploader can act on. */
export class WorkbookRejection extends Error {
  constructor(
    readonly reason: string,
    /** Not a workbook at all (as opposed to one refused for its size). */
    readonly isUnreadable = false,
  ) {
    super(reason);
    this.name = 'WorkbookRejection';
  }
}

const notAnXlsx = '文件不是有效的Excel(.xlsx)文件，请使用系统提供的模板填写后上传';
const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * The parts exceljs builds in memory, named as exceljs matches them (`xl/worksheets/sheet1.xml`, unanchored, and
 * exact names for the shared strings and styles), so that no name the guard passes over is parsed after all.
 */
type CountedPart = 'sheet' | 'sharedStrings' | 'styles';
function countedPartOf(entryName: string): CountedPart | null {
  const name = entryName.replace(/^\//, '');
  if (/xl\/worksheets\/sheet(\d+)[.]xml/.test(name)) return 'sheet';
  if (name === 'xl/sharedStrings.xml') return 'sharedStrings';
  if (name === 'xl/styles.xml') return 'styles';
  return null;
}

/** The elements counted in each part: tags exceljs turns into one object each. */
const countedTags = {
  sheet: { rows: /<row[\s>/]/g, cells: /<c[\s>/]/g },
  sharedStrings: { strings: /<si[\s>/]/g },
  styles: { styles: /<(?:xf|dxf|font|fill|border|numFmt)[\s>/]/g },
} as const;

/** `xl/worksheets/sheet2.xml` is the second sheet as Excel writes them; its name is only known after parsing. */
const sheetLabelOf = (entryName: string) => {
  const position = /sheet(\d+)\.xml$/i.exec(entryName)?.[1];
  return position ? `第${position}个` : entryName;
};

/** Counts tags in XML as it streams past, without parsing it (a tag may span two chunks). */
function createTagCounter<Name extends string>(patterns: Record<Name, RegExp>) {
  const names = Object.keys(patterns) as Name[];
  let tail = '';
  const counts = Object.fromEntries(names.map((name) => [name, 0])) as Record<Name, number>;
  const countIn = (text: string, sign: 1 | -1) => {
    for (const name of names) counts[name] += sign * (text.match(patterns[name])?.length ?? 0);
  };
  return {
    counts,
    push(chunk: Buffer) {
      const text = tail + chunk.toString('latin1');
      countIn(text, 1);
      // A tag cut in two starts at the last '<': keep it for the next chunk, and count what it holds only then.
      const cut = text.lastIndexOf('<');
      tail = cut >= 0 && text.length - cut < 16 ? text.slice(cut) : '';
      countIn(tail, -1);
    },
  };
}

function readEntries(zip: ZipFile, onEntry: (entry: Entry) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let isSettled = false;
    const fail = (error: unknown) => {
      if (isSettled) return;
      isSettled = true;
      zip.close();
      reject(error);
    };
    zip.on('error', fail);
    zip.on('end', () => {
      if (isSettled) return;
      isSettled = true;
      resolve();
    });
    zip.on('entry', (entry: Entry) => {
      onEntry(entry).then(() => zip.readEntry(), fail);
    });
    zip.readEntry();
  });
}

/** What the entries inflated so far add up to, across the whole workbook. */
interface WorkbookTally {
  remainingBytes: number;
  cells: number;
  sharedStrings: number;
  sharedStringsBytes: number;
  styles: number;
}

/** Refuses the workbook the moment a running total passes its limit, naming what there is too much of. */
function assertWorkbookTally(tally: WorkbookTally, limits: XlsxLimits): void {
  if (tally.remainingBytes < 0) {
    throw new WorkbookRejection(
      `文件解压后超过 ${megabytes(limits.maxUncompressedBytes)} MB，疑似压缩炸弹，已拒绝`,
    );
  }
  if (tally.sharedStrings > limits.maxSharedStrings) {
    throw new WorkbookRejection(
      `Excel 文件中的共享字符串过多（超过 ${limits.maxSharedStrings} 个），请删除多余内容后重新上传`,
    );
  }
  if (tally.sharedStringsBytes > limits.maxSharedStringsBytes) {
    throw new WorkbookRejection(
      `Excel 文件中的共享字符串过大（解压后超过 ${megabytes(limits.maxSharedStringsBytes)} MB），请删除多余内容后重新上传`,
    );
  }
  if (tally.styles > limits.maxStyles) {
    throw new WorkbookRejection(
      `Excel 文件中的单元格样式过多（超过 ${limits.maxStyles} 个），请清除多余格式后重新上传`,
    );
  }
  if (tally.cells > limits.maxCellsPerWorkbook) {
    throw new WorkbookRejection(
      `Excel 文件的单元格合计超过 ${limits.maxCellsPerWorkbook} 个，请删除多余内容或分批上传`,
    );
  }
}

/**
 * Inflates one entry, stopping the moment a running total passes its limit (declared sizes can lie). The parts
 * exceljs builds in memory are counted on the way: rows and cells of sheets, shared strings, style records.
 */
async function inflateEntry(
  zip: ZipFile,
  entry: Entry,
  tally: WorkbookTally,
  limits: XlsxLimits,
): Promise<void> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const part = countedPartOf(entry.fileName);
  const sheet = part === 'sheet' ? createTagCounter(countedTags.sheet) : null;
  const sharedStrings = part === 'sharedStrings' ? createTagCounter(countedTags.sharedStrings) : null;
  const styles = part === 'styles' ? createTagCounter(countedTags.styles) : null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      tally.remainingBytes -= chunk.length;
      if (sheet) {
        const cellsBefore = sheet.counts.cells;
        sheet.push(chunk);
        tally.cells += sheet.counts.cells - cellsBefore;
        assertSheetSize(
          sheet.counts.rows,
          undefined,
          sheet.counts.cells,
          sheetLabelOf(entry.fileName),
          limits,
        );
      }
      if (sharedStrings) {
        const before = sharedStrings.counts.strings;
        sharedStrings.push(chunk);
        tally.sharedStrings += sharedStrings.counts.strings - before;
        tally.sharedStringsBytes += chunk.length;
      }
      if (styles) {
        const before = styles.counts.styles;
        styles.push(chunk);
        tally.styles += styles.counts.styles - before;
      }
      assertWorkbookTally(tally, limits);
    }
  } finally {
    stream.destroy();
  }
}

function assertSheetSize(
  rows: number,
  columns: number | undefined,
  cells: number,
  sheetName: string,
  limits: XlsxLimits,
): void {
  if (rows > limits.maxRowsPerSheet) {
    throw new WorkbookRejection(
      `工作表“${sheetName}”超过 ${limits.maxRowsPerSheet} 行，请删除多余的行或分批上传`,
    );
  }
  if (columns !== undefined && columns > limits.maxColumnsPerSheet) {
    throw new WorkbookRejection(`工作表“${sheetName}”超过 ${limits.maxColumnsPerSheet} 列，请删除多余的列`);
  }
  if (cells > limits.maxCellsPerSheet) {
    throw new WorkbookRejection(
      `工作表“${sheetName}”超过 ${limits.maxCellsPerSheet} 个单元格，请删除多余的内容或分批上传`,
    );
  }
}

/**
 * Inspects the zip before exceljs sees it: it must be a zip, with at most so many entries, whose
 * declared sizes and compression ratios are plausible, and which really inflates to no more than the
 * limit; sheets are counted for rows and cells on the way, the shared strings for their number and size,
 * styles.xml for its style records. Throws a WorkbookRejection otherwise.
 */
export async function assertSafeXlsxArchive(
  content: Buffer,
  limits: XlsxLimits = defaultXlsxLimits,
): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(content, { lazyEntries: true, validateEntrySizes: true });
  } catch {
    throw new WorkbookRejection(notAnXlsx, true);
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new WorkbookRejection(
      `文件包含 ${zip.entryCount} 个部件，超过 ${limits.maxEntries} 个的上限，已拒绝`,
    );
  }
  let declaredBytes = 0;
  const tally: WorkbookTally = {
    remainingBytes: limits.maxUncompressedBytes,
    cells: 0,
    sharedStrings: 0,
    sharedStringsBytes: 0,
    styles: 0,
  };
  try {
    await readEntries(zip, async (entry) => {
      declaredBytes += entry.uncompressedSize;
      if (declaredBytes > limits.maxUncompressedBytes) {
        throw new WorkbookRejection(
          `文件解压后超过 ${megabytes(limits.maxUncompressedBytes)} MB，疑似压缩炸弹，已拒绝`,
        );
      }
      if (
        entry.uncompressedSize >= limits.ratioCheckFromBytes &&
        entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxCompressionRatio
      ) {
        throw new WorkbookRejection(`文件中的“${entry.fileName}”压缩比异常，疑似压缩炸弹，已拒绝`);
      }
      await inflateEntry(zip, entry, tally, limits);
    });
  } catch (error) {
    if (error instanceof WorkbookRejection) throw error;
    // yauzl's own complaints: corrupt data, or an entry inflating past its declared size.
    throw new WorkbookRejection(notAnXlsx, true);
  }
}

/**
 * Loads an uploaded .xlsx safely: the archive check first, then exceljs, then every sheet's extent.
 * Every refusal is a WorkbookRejection with a message for the uploader.
 */
export async function loadUploadedWorkbook(
  content: Buffer,
  limits: XlsxLimits = defaultXlsxLimits,
): Promise<ExcelJS.Workbook> {
  await assertSafeXlsxArchive(content, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new WorkbookRejection(notAnXlsx, true);
  }
  for (const sheet of workbook.worksheets) {
    assertSheetSize(sheet.rowCount, sheet.columnCount, 0, sheet.name, limits);
  }
  return workbook;
}
