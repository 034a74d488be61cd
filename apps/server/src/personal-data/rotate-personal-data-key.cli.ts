import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { personalDataCipher, withPersonalDataKeys } from './personal-data.ts';
import { sealPersonalData } from './seal-personal-data.ts';

// `npm run db:rotate-personal-data-key`: after a new key was added to the key set (PERSONAL_DATA_KEYS or the key
// file) and made `activeKeyId`, or a new lookup key added to `lookupKeys` and made `activeLookupKeyId`, writes
// every ID number, mobile number and scan again under the active key and recomputes every keyed hash under the
// active lookup key; the older keys can then be removed. With PGlite, stop the server first (a data folder is opened by one process at a time). The server
// does the same at start-up, so a restart with the new key set rotates too.
const database = await openDatabase(loadConfig().database);
try {
  const config = await withPersonalDataKeys(loadConfig(), new Date());
  await migrateToLatest(database.db);
  const cipher = personalDataCipher(config);
  const sealed = await sealPersonalData(database.db, cipher, {
    now: new Date(),
    scanRetentionDays: config.personalData.scanRetentionDays,
  });
  console.log(
    `密钥 ${cipher.activeKeyId}、查询密钥 ${cipher.activeLookupKeyId}：重新加密身份证号 ${sealed.idNumbers} 个、` +
      `手机号 ${sealed.mobiles} 个、扫描件 ${sealed.documents} 份；` +
      `清除超过保存期限的证件扫描件 ${sealed.purgedScans} 份`,
  );
} finally {
  await database.close();
}
