import { loadConfig } from '../../config.ts';
import { openDatabase } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { isDatabaseEmpty, seedDemoData, seedReferenceData } from './seed.ts';

// `npm run db:seed`: reference data always; demo data when enabled and the database has no users yet.
const config = loadConfig();
const database = await openDatabase(config.database);
try {
  await migrateToLatest(database.db);
  await seedReferenceData(database.db);
  if (config.isDemoEnabled && (await isDatabaseEmpty(database.db))) {
    await seedDemoData(database.db, new Date());
    console.log('Seeded demo data.');
  } else {
    console.log('Seeded reference data (demo data already present or disabled).');
  }
} finally {
  await database.close();
}
