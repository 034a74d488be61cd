import { parseArgs } from 'node:util';
import { loadConfig } from '../../../config.ts';
import { openDatabase, type DatabaseTarget } from '../../database.ts';
import { migrateToLatest } from '../../migrate.ts';
import { seedReferenceData } from '../seed.ts';
import { seedScaleData } from './scale-seed.ts';

// `npm run seed:scale -- --enterprises 50000 [--database-url URL | --data-dir DIR] [--year 2026] [--seed N]`:
// a national population for benchmarks, added to the database the server would use unless told otherwise.
const { values } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '50000' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    year: { type: 'string', default: '2026' },
    seed: { type: 'string', default: '2026' },
  },
});

const enterprises = Number(values.enterprises);
const year = Number(values.year);
const seed = Number(values.seed);
if (!Number.isInteger(enterprises) || enterprises < 1) throw new Error('--enterprises 应为正整数');
if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error('--year 应为 2000 至 2100 的年份');
if (!Number.isInteger(seed)) throw new Error('--seed 应为整数');

const target: DatabaseTarget = values['database-url']
  ? { kind: 'postgres', url: values['database-url'] }
  : values['data-dir']
    ? { kind: 'pglite', dataDir: values['data-dir'] }
    : loadConfig().database;

const database = await openDatabase(target);
try {
  await migrateToLatest(database.db);
  await seedReferenceData(database.db);
  console.log(`Seeding ${enterprises.toLocaleString('en')} enterprises (${year}) on ${database.kind}…`);
  const result = await seedScaleData(database.db, {
    enterprises,
    year,
    seed,
    log: (line) => console.log(line),
  });
  console.log(
    `Seeded ${result.enterprises.toLocaleString('en')} enterprises and ${result.filings.toLocaleString('en')} ` +
      `filings in ${result.seconds.toFixed(1)} s.`,
  );
} finally {
  await database.close();
}
