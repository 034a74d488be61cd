import type { AppContext } from '../app-context.ts';
import { findEnterprisesByUscc } from '../enterprise/enterprise.repository.ts';
import type { ExportRow, ExportTable } from './old-platform-files.ts';

// What the importers of each export file share: the old platform's column names, the counts, refusals and
// progress of a run, and the look-ups every batch makes.

/** A row the import did not take, named by file, row and column, with the reason. */
export interface ImportRefusal {
  file: string;
  row: number;
  column: string | null;
  reason: string;
}

export interface ImportCounts {
  enterprisesAdded: number;
  enterprisesUnchanged: number;
  accountsAdded: number;
  accountsUnchanged: number;
  filingsAdded: number;
  filingsUnchanged: number;
  refusedRows: number;
}

export const column = {
  uscc: '统一社会信用代码',
  name: '企业名称',
  region: '行政区划代码',
  legalRepresentative: '法定代表人',
  industry: '行业代码',
  isKey: '重点企业',
  username: '用户名',
  hash: '密码哈希',
  salt: '盐值',
  algorithm: '加密方式',
  mobile: '手机号',
  displayName: '姓名',
  period: '报告期',
} as const;

/** The directory's enterprises a batch of rows names by USCC (written in any case), by USCC. */
export async function enterprisesOfBatch(db: AppContext['db'], batch: ExportRow[]) {
  const usccs = batch.map((row) => (row.cells.get(column.uscc) ?? '').toUpperCase());
  return new Map((await findEnterprisesByUscc(db, usccs)).map((enterprise) => [enterprise.uscc, enterprise]));
}

export type Refuse = (table: ExportTable, row: number, column: string | null, reason: string) => void;
/** Reports the rows of the current file read so far. */
export type Report = (rows: number) => Promise<void>;

export function missingColumns(table: ExportTable, required: string[], refuse: Refuse): boolean {
  const missing = required.filter((name) => !table.header.includes(name));
  for (const name of missing) refuse(table, 1, name, `缺少“${name}”列`);
  return missing.length > 0;
}

/**
 * The batches of a table, the next one read while the current one is written: the workbook's parsing (this
 * process) overlaps the database's work on the batch before (another), instead of each waiting for the other.
 */
export async function* readingAhead<T>(batches: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = batches[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      // A read failing while its batch waits is answered when that batch is asked for, not as unhandled.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await iterator.return?.();
  }
}
