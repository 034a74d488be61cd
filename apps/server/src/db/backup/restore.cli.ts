import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { DataDirInUse, openDatabase } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { restoreBackup, RestoreRefused } from './restore.ts';

// `npm run db:restore -- --in FILE`: into the empty database DATABASE_URL / DATA_DIR points at (PGlite or
// PostgreSQL, whichever the backup came from). The schema is migrated first, then the rows go in at once.
const { values } = parseArgs({ options: { in: { type: 'string' } } });
if (!values.in) {
  console.error('用法 Usage: npm run db:restore -- --in 备份文件.jsonl.gz');
  process.exit(2);
}
const inFile = path.resolve(process.env.INIT_CWD ?? process.cwd(), values.in);
const config = loadConfig();
const database = await openDatabase(config.database).catch((error: unknown) => {
  if (!(error instanceof DataDirInUse)) throw error;
  console.error(`恢复未进行：${error.message}`);
  process.exit(1);
});
try {
  await migrateToLatest(database.db);
  const header = await restoreBackup(database, inFile);
  const rows = header.tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(`已从 ${inFile} 恢复 ${header.tables.length} 张表、${rows} 行（备份时间 ${header.createdAt}）`);
} catch (error) {
  if (!(error instanceof RestoreRefused)) throw error;
  console.error(`恢复未进行：${error.message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
