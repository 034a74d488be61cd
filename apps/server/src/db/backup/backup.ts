import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../database.ts';
import {
  backupFormatVersion,
  listAppliedMigrations,
  listTablesInDependencyOrder,
  quoteIdentifier,
  type BackupHeader,
  type TableShape,
} from './backup-schema.ts';

/**
 * Rows are fetched from a cursor in batches of about this many bytes, so that memory stays flat whatever the
 * size of the database and however large its rows (an uploaded document is megabytes, an audit row bytes).
 */
const batchBytes = 4 * 1024 * 1024;
const maxFetchSize = 1000;

/** The rows of one table in an order a restore can insert them: by primary key, parents before children. */
function selectRowsInInsertOrder(table: TableShape): string {
  const t = quoteIdentifier(table.name);
  const line = `json_build_object(${table.columns
    .map((column) => `'${column.replaceAll("'", "''")}', t.${quoteIdentifier(column)}`)
    .join(', ')})::text as line`;
  const byKey = (table.primaryKey.length ? table.primaryKey : table.columns)
    .map((column) => `t.${quoteIdentifier(column)}`)
    .join(', ');
  if (!table.selfReference) return `select ${line} from ${t} t order by ${byKey}`;
  // A row whose parent is in the same table must come after it: order by depth in the tree.
  const child = quoteIdentifier(table.selfReference.column);
  const parent = quoteIdentifier(table.selfReference.referencedColumn);
  return `with recursive tree(key, depth) as (
      select ${parent}, 0 from ${t} where ${child} is null
      union all
      select c.${parent}, tree.depth + 1 from ${t} c join tree on c.${child} = tree.key
    )
    select ${line} from ${t} t join tree on tree.key = t.${parent} order by tree.depth, ${byKey}`;
}

async function write(stream: Writable, chunk: string | Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * Writes a logical backup of the whole database to `outFile`: a gzip'd header line, then every row of every
 * table as a JSON line, tables in foreign-key order, all from one snapshot. The file appears only when
 * complete (written under a temporary name, then renamed).
 */
export async function writeBackup(database: DatabaseHandle, outFile: string): Promise<BackupHeader> {
  const bodyFile = `${outFile}.${process.pid}.body.tmp`;
  const finalFile = `${outFile}.${process.pid}.tmp`;
  try {
    const body = createGzip();
    const bodyWritten = pipeline(body, createWriteStream(bodyFile));
    // Awaited below; a failure while the rows are still being read must not go unhandled meanwhile.
    bodyWritten.catch(() => undefined);
    const header = await database.db
      .transaction()
      .execute(async (trx) => {
        // One snapshot for all tables, and times written in UTC whichever server the backup comes from.
        await sql`set transaction isolation level repeatable read`.execute(trx);
        await sql`set local timezone to 'UTC'`.execute(trx);
        const migrations = await listAppliedMigrations(trx);
        const tables: BackupHeader['tables'] = [];
        for (const table of await listTablesInDependencyOrder(trx)) {
          const hash = createHash('sha256');
          let rows = 0;
          await sql
            .raw(`declare backup_rows no scroll cursor for ${selectRowsInInsertOrder(table)}`)
            .execute(trx);
          let bytes = 0;
          // One row first, then as many as fit the batch size at the table's average row size so far.
          for (let fetchSize = 1; ;) {
            const batch = await sql.raw<{ line: string }>(`fetch ${fetchSize} from backup_rows`).execute(trx);
            for (const { line } of batch.rows) {
              hash.update(`${line}\n`);
              await write(body, `${line}\n`);
              bytes += line.length + 1;
            }
            rows += batch.rows.length;
            if (batch.rows.length < fetchSize) break;
            fetchSize = Math.max(1, Math.min(maxFetchSize, Math.floor(batchBytes / (bytes / rows))));
          }
          await sql`close backup_rows`.execute(trx);
          const { rows: counted } = await sql<{
            count: number;
          }>`select count(*)::int as count from ${sql.table(table.name)}`.execute(trx);
          // A self-referencing row whose chain never reaches a root would be skipped silently otherwise.
          if (counted[0]!.count !== rows) {
            throw new Error(
              `表 ${table.name} 有 ${counted[0]!.count} 行，但只按层级读出 ${rows} 行，备份中止`,
            );
          }
          tables.push({ name: table.name, rows, sha256: hash.digest('hex') });
        }
        const header: BackupHeader = {
          format: 'zhibao-backup',
          formatVersion: backupFormatVersion,
          createdAt: new Date().toISOString(),
          source: database.kind,
          migrations,
          tables,
        };
        return header;
      })
      .catch((error: unknown) => {
        body.destroy();
        throw error;
      });
    body.end();
    await bodyWritten;
    // gzip members may be concatenated: the header member first, then the body as written.
    const out = createWriteStream(finalFile);
    await write(out, gzipSync(`${JSON.stringify(header)}\n`));
    await pipeline(createReadStream(bodyFile), out);
    await rename(finalFile, outFile);
    return header;
  } finally {
    await rm(bodyFile, { force: true });
    await rm(finalFile, { force: true });
  }
}
