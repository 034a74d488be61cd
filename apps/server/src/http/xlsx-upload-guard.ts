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
const isSheetEntry = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/i.test(name);
/** `xl/worksheets/sheet2.xml` is the second sheet as Excel writes them; its name is only known after parsing. */
const sheetLabelOf = (entryName: string) => {
  const position = /sheet(\d+)\.xml$/i.exec(entryName)?.[1];
  return position ? `第${position}个` : entryName;
};

/** Counts rows and cells in sheet XML as it streams past, without parsing it (tags may span chunks). */
function createSheetCounter() {
  let tail = '';
  const counts = { rows: 0, cells: 0 };
  return {
    counts,
    push(chunk: Buffer) {
      const text = tail + chunk.toString('latin1');
      counts.rows += text.match(/<row[\s>/]/g)?.length ?? 0;
      counts.cells += text.match(/<c[\s>/]/g)?.length ?? 0;
      // Keep the last few characters so a tag cut in two is counted once, in the next chunk.
      const cut = Math.max(text.lastIndexOf('<'), text.length - 4);
      tail = text.slice(Math.max(cut, 0));
      // What stays in `tail` must not be counted twice.
      counts.rows -= tail.match(/<row[\s>/]/g)?.length ?? 0;
      counts.cells -= tail.match(/<c[\s>/]/g)?.length ?? 0;
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

/** Inflates one entry, stopping the moment the running total passes the limit (declared sizes can lie). */
async function inflateEntry(
  zip: ZipFile,
  entry: Entry,
  budget: { remainingBytes: number },
  limits: XlsxLimits,
): Promise<void> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const counter = isSheetEntry(entry.fileName) ? createSheetCounter() : null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      budget.remainingBytes -= chunk.length;
      if (budget.remainingBytes < 0) {
        throw new WorkbookRejection(
          `文件解压后超过 ${megabytes(limits.maxUncompressedBytes)} MB，疑似压缩炸弹，已拒绝`,
        );
      }
      if (counter) {
        counter.push(chunk);
        assertSheetSize(
          counter.counts.rows,
          undefined,
          counter.counts.cells,
          sheetLabelOf(entry.fileName),
          limits,
        );
      }
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
 * limit; sheets are counted for rows and cells on the way. Throws a WorkbookRejection otherwise.
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
  const budget = { remainingBytes: limits.maxUncompressedBytes };
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
      await inflateEntry(zip, entry, budget, limits);
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
