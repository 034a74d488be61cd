import { FILING_FORMAT, FILING_FORMAT_VERSION, FilingFormatError } from '../interchange/filing-document.ts';
import { identifyWorkbook, readFilingSheets } from '../workbook/read-filing-workbook.ts';

// Readers turn a file's bytes into the JSON value of an interchange document, chosen by file extension.

/** The file is missing, unreadable or not of a supported kind; the message says which and why. */
export class UnreadableFileError extends Error {}

type FilingReader = (bytes: Uint8Array, path: string) => Promise<unknown>;

async function readJson(bytes: Uint8Array, path: string): Promise<unknown> {
  try {
    return JSON.parse(new TextDecoder('utf-8').decode(bytes));
  } catch (error) {
    throw new UnreadableFileError(`${path}不是有效的JSON: ${(error as Error).message}`);
  }
}

/** The official layout (the template or a single filing's export) as an interchange document. */
async function readWorkbook(bytes: Uint8Array, path: string): Promise<unknown> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch (error) {
    throw new UnreadableFileError(`${path}不是有效的.xlsx文件: ${(error as Error).message}`);
  }
  const identity = identifyWorkbook(workbook);
  if ('problem' in identity) throw new UnreadableFileError(`${path}: ${identity.problem}`);
  const { values, problems } = readFilingSheets(workbook, identity.edition, identity.periodType);
  if (problems.length > 0) {
    throw new FilingFormatError(problems.map((problem) => ({ path: problem.name, message: problem.reason })));
  }
  return {
    format: FILING_FORMAT,
    version: FILING_FORMAT_VERSION,
    edition: identity.edition.id,
    periodType: identity.periodType,
    ...(identity.period === undefined ? {} : { period: identity.period }),
    ...(identity.enterprise === undefined ? {} : { enterprise: identity.enterprise }),
    // A sheet with nothing typed is a form not filed (the AI table of an enterprise without AI business).
    forms: Object.fromEntries(Object.entries(values).filter(([, cells]) => Object.keys(cells).length > 0)),
  };
}

const READERS: Readonly<Record<string, FilingReader>> = {
  '.json': readJson,
  '.xlsx': readWorkbook,
};

/** True for a file name the CLI can audit. */
export function isFilingFile(path: string): boolean {
  return extensionOf(path) in READERS;
}

function extensionOf(path: string): string {
  return /\.[^./\\]+$/.exec(path)?.[0].toLowerCase() ?? '';
}

/** Parses a filing file by its extension into the JSON value the interchange parser checks. */
export async function readFilingFile(path: string, bytes: Uint8Array): Promise<unknown> {
  const extension = extensionOf(path);
  const reader = READERS[extension];
  if (!reader) {
    throw new UnreadableFileError(
      `${path}: 不支持的文件类型“${extension || '(无扩展名)'}”,可用: ${Object.keys(READERS).join('、')}`,
    );
  }
  return reader(bytes, path);
}
