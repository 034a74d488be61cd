import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { sql } from 'kysely';
import type { Database, DatabaseHandle } from '../database.ts';
import {
  backupFormatVersion,
  listAppliedMigrations,
  listTablesInDependencyOrder,
  quoteIdentifier,
  type BackupHeader,
  type TableShape,
} from './backup-schema.ts';

/** A backup that cannot be restored here, with a message the operator can act on; nothing was written. */
export class RestoreRefused extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RestoreRefused';
  }
}

/** Rows inserted per statement: up to this many, or this many bytes of JSON. */
const insertBatchRows = 500;
const insertBatchBytes = 4 * 1024 * 1024;

/** The file's lines, one at a time; a truncated or corrupt gzip stream throws from the iteration. */
async function* readLines(inFile: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const reading = pipeline(createReadStream(inFile), gunzip);
  // A read error also destroys gunzip, which is where the iteration below sees it.
  reading.catch(() => undefined);
  const decoder = new StringDecoder('utf8');
  // The pieces of a line longer than a chunk (an uploaded document), joined once its end arrives.
  let pieces: string[] = [];
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    const text = decoder.write(chunk);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      pieces.push(text.slice(start, end));
      yield pieces.join('');
      pieces = [];
      start = end + 1;
    }
    if (start < text.length) pieces.push(text.slice(start));
  }
  const last = pieces.join('') + decoder.end();
  if (last !== '') yield last;
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader> | undefined;
  try {
    header = line ? (JSON.parse(line) as Partial<BackupHeader>) : undefined;
  } catch {
    header = undefined;
  }
  if (
    header?.format !== 'zhibao-backup' ||
    !Array.isArray(header.tables) ||
    !Array.isArray(header.migrations)
  ) {
    throw new RestoreRefused('这不是直报系统的备份文件（文件头无法识别）');
  }
  if (header.formatVersion !== backupFormatVersion) {
    throw new RestoreRefused(
      `备份文件格式版本为 ${String(header.formatVersion)}，本程序只能恢复版本 ${backupFormatVersion}`,
    );
  }
  return header as BackupHeader;
}

function assertSameSchema(header: BackupHeader, migrations: string[], tables: TableShape[]): void {
  if (header.migrations.join('\n') !== migrations.join('\n')) {
    const missing = header.migrations.filter((name) => !migrations.includes(name));
    const extra = migrations.filter((name) => !header.migrations.includes(name));
    throw new RestoreRefused(
      `备份来自不同版本的数据库结构，不能恢复到这里：${[
        missing.length ? `备份有而此数据库没有的迁移 ${missing.join('、')}` : '',
        extra.length ? `此数据库有而备份没有的迁移 ${extra.join('、')}` : '',
      ]
        .filter(Boolean)
        .join('；')}。请用与备份相同版本的直报系统恢复`,
    );
  }
  const here = tables.map((table) => table.name).sort();
  const there = header.tables.map((table) => table.name).sort();
  if (here.join() !== there.join()) {
    throw new RestoreRefused(`备份中的表（${there.join('、')}）与此数据库的表（${here.join('、')}）不一致`);
  }
}

async function assertEmpty(trx: Database, tables: TableShape[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await sql<{ isUsed: boolean }>`select exists (select 1 from ${sql.table(
      table.name,
    )}) as "isUsed"`.execute(trx);
    if (rows[0]!.isUsed) {
      throw new RestoreRefused(
        `目标数据库不是空的（表 ${table.name} 已有数据）。请恢复到一个新建的空数据库，以免覆盖现有数据`,
      );
    }
  }
}

async function insertRows(trx: Database, table: TableShape, lines: string[]): Promise<void> {
  const columns = table.columns.map(quoteIdentifier).join(', ');
  const name = quoteIdentifier(table.name);
  // The database parses each value from its JSON text form, the same on PGlite and PostgreSQL.
  await sql`${sql.raw(`insert into ${name} (${columns}) overriding system value select ${columns}
    from json_populate_recordset(null::${name}, `)}${`[${lines.join(',')}]`}::json)`.execute(trx);
}

async function setUserTriggers(
  trx: Database,
  tables: TableShape[],
  change: 'enable' | 'disable',
): Promise<void> {
  for (const table of tables) {
    await sql.raw(`alter table ${quoteIdentifier(table.name)} ${change} trigger user`).execute(trx);
  }
}

/** After explicit ids went in, serial and identity sequences continue after the largest restored value. */
async function resetSequences(trx: Database, tables: TableShape[]): Promise<void> {
  for (const table of tables) {
    for (const column of table.columns) {
      const { rows } = await sql<{ sequence: string | null }>`select pg_get_serial_sequence(${quoteIdentifier(
        table.name,
      )}, ${column}) as sequence`.execute(trx);
      const sequence = rows[0]!.sequence;
      if (!sequence) continue;
      await sql`select setval(${sequence}, coalesce((select max(${sql.ref(column)}) from ${sql.table(
        table.name,
      )}), 0) + 1, false)`.execute(trx);
    }
  }
}

/**
 * Restores a backup written by writeBackup into an empty database migrated to the same schema, in one
 * transaction: a damaged file, a different schema or a non-empty target leaves the target as it was.
 */
export async function restoreBackup(database: DatabaseHandle, inFile: string): Promise<BackupHeader> {
  const lines = readLines(inFile);
  try {
    let header: BackupHeader;
    try {
      header = parseHeader((await lines.next()).value as string | undefined);
    } catch (error) {
      if (error instanceof RestoreRefused) throw error;
      throw new RestoreRefused(`备份文件无法读取：${(error as Error).message}`, { cause: error });
    }
    const tables = await listTablesInDependencyOrder(database.db);
    assertSameSchema(header, await listAppliedMigrations(database.db), tables);
    const shapeOf = new Map(tables.map((table) => [table.name, table]));

    await database.db.transaction().execute(async (trx) => {
      await assertEmpty(trx, tables);
      // Rows derived by triggers (the aggregation deltas of filings) are in the backup already: restoring
      // them again through the triggers would count them twice. Foreign keys stay checked (system triggers).
      await setUserTriggers(trx, tables, 'disable');
      for (const expected of header.tables) {
        const table = shapeOf.get(expected.name)!;
        const hash = createHash('sha256');
        let batch: string[] = [];
        let batchSize = 0;
        for (let count = 0; count < expected.rows; count += 1) {
          const next = await readRow(lines, expected.name);
          hash.update(`${next}\n`);
          batch.push(next);
          batchSize += next.length;
          if (batch.length === insertBatchRows || batchSize >= insertBatchBytes) {
            await insertRows(trx, table, batch);
            batch = [];
            batchSize = 0;
          }
        }
        if (batch.length > 0) await insertRows(trx, table, batch);
        if (hash.digest('hex') !== expected.sha256) {
          throw new RestoreRefused(`备份文件已损坏：表 ${expected.name} 的校验值不符，未恢复任何数据`);
        }
      }
      if (!(await nextLine(lines, '文件末尾')).done) {
        throw new RestoreRefused('备份文件已损坏：数据行多于文件头记载的行数，未恢复任何数据');
      }
      await setUserTriggers(trx, tables, 'enable');
      await resetSequences(trx, tables);
    });
    return header;
  } finally {
    await lines.return(undefined);
  }
}

async function nextLine(lines: AsyncGenerator<string>, where: string): Promise<IteratorResult<string>> {
  try {
    return await lines.next();
  } catch (error) {
    throw new RestoreRefused(
      `备份文件不完整或已损坏（${(error as Error).message}），读到${where}时中断，未恢复任何数据`,
      { cause: error },
    );
  }
}

async function readRow(lines: AsyncGenerator<string>, table: string): Promise<string> {
  const next = await nextLine(lines, `表 ${table} `);
  if (next.done) {
    throw new RestoreRefused(`备份文件不完整：表 ${table} 的数据缺失，未恢复任何数据`);
  }
  return next.value;
}
