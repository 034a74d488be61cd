import { loadConfig } from '../../config.ts';
import { openDatabase } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { personalDataCipher, withPersonalDataKeys } from '../../personal-data/personal-data.ts';
import { isDatabaseEmpty, seedDemoData, seedReferenceData } from './seed.ts';

// `npm run db:seed`: reference data always; demo data when enabled and the database has no users yet.
const database = await openDatabase(loadConfig().database);
try {
  // After the database is open: the default key file lies in the data folder, which PGlite initialises.
  const config = await withPersonalDataKeys(loadConfig(), new Date());
  await migrateToLatest(database.db);
  await seedReferenceData(database.db);
  if (config.isDemoEnabled && (await isDatabaseEmpty(database.db))) {
    await seedDemoData(database.db, new Date(), personalDataCipher(config));
    console.log('Seeded demo data.');
  } else {
    console.log('Seeded reference data (demo data already present or disabled).');
  }
} finally {
  await database.close();
}
