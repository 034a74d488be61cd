import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedReferenceData } from '../db/seed/seed.ts';
import { personalDataCipher, withPersonalDataKeys } from '../personal-data/personal-data.ts';
import { importOldPlatform } from './moving-in.service.ts';

// `npm run migrate:import -- --from DIR`: imports the old platform's exports (docs/moving-in.md) into the database
// the server uses; safe to run again (a second run changes nothing).
const { values } = parseArgs({ options: { from: { type: 'string' } } });
if (!values.from) {
  console.error('Usage: npm run migrate:import -- --from DIR');
  process.exit(2);
}
const database = await openDatabase(loadConfig().database);
try {
  // After the database is open: the default key file lies in the data folder, which PGlite initialises.
  const config = await withPersonalDataKeys(loadConfig(), new Date());
  await migrateToLatest(database.db);
  await seedReferenceData(database.db);
  let lastFile = '';
  const cipher = personalDataCipher(config);
  const outcome = await importOldPlatform({ db: database.db, now: () => new Date(), cipher }, values.from, {
    startedBy: null,
    onProgress: ({ file, fileNumber, files, rows }) => {
      if (file !== lastFile) process.stdout.write('\n');
      lastFile = file;
      process.stdout.write(`\r[${fileNumber}/${files}] ${file}: ${rows} rows`);
    },
  });
  console.log('\n');
  console.table(outcome.counts);
  for (const refusal of outcome.refusals) {
    console.log(
      `${refusal.file} 第${refusal.row}行${refusal.column ? `「${refusal.column}」列` : ''}：${refusal.reason}`,
    );
  }
  console.log(
    `Import run ${outcome.runId}: ${outcome.refusals.length} problem(s) in ${outcome.counts.refusedRows} refused row(s).`,
  );
} finally {
  await database.close();
}
