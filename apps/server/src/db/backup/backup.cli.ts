import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { DataDirInUse, openDatabase } from '../database.ts';
import { writeBackup } from './backup.ts';

// `npm run db:backup -- --out FILE`: a logical backup of the database DATABASE_URL / DATA_DIR points at.
// With PGlite, stop the server first: a data folder is opened by one process at a time.
const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) {
  console.error('用法 Usage: npm run db:backup -- --out 备份文件.jsonl.gz');
  process.exit(2);
}
const outFile = path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
const config = loadConfig();
const database = await openDatabase(config.database).catch((error: unknown) => {
  if (!(error instanceof DataDirInUse)) throw error;
  console.error(`备份未进行：${error.message}`);
  process.exit(1);
});
try {
  const header = await writeBackup(database, outFile);
  const rows = header.tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(`已备份 ${header.tables.length} 张表、${rows} 行到 ${outFile}`);
} finally {
  await database.close();
}
