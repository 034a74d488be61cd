// Readers turn a file's bytes into the JSON value of an interchange document, chosen by file extension.

/** The file is missing, unreadable or not of a supported kind; the message says which and why. */
export class UnreadableFileError extends Error {}

type FilingReader = (bytes: Uint8Array, path: string) => unknown;

function readJson(bytes: Uint8Array, path: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8').decode(bytes));
  } catch (error) {
    throw new UnreadableFileError(`${path}不是有效的JSON: ${(error as Error).message}`);
  }
}

function readWorkbook(_bytes: Uint8Array, path: string): unknown {
  // The slot for the official Excel layout: map its sheets to an interchange document here.
  throw new UnreadableFileError(`${path}: 暂不支持读取.xlsx文件,请先导出为JSON交换格式(见README)`);
}

const READERS: Readonly<Record<string, FilingReader>> = {
  '.json': readJson,
  '.xlsx': readWorkbook,
};

/** Parses a filing file by its extension into the JSON value the interchange parser checks. */
export function readFilingFile(path: string, bytes: Uint8Array): unknown {
  const extension = /\.[^./\\]+$/.exec(path)?.[0].toLowerCase() ?? '';
  const reader = READERS[extension];
  if (!reader) {
    throw new UnreadableFileError(
      `${path}: 不支持的文件类型“${extension || '(无扩展名)'}”,可用: ${Object.keys(READERS).join('、')}`,
    );
  }
  return reader(bytes, path);
}
