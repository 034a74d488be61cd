import {
  findDocumentToSeal,
  listDocumentsToSeal,
  listIdNumbersToSeal,
  purgeIdentityScans,
  updateSealedDocument,
  updateSealedIdNumber,
} from '../account/verification.repository.ts';
import {
  readDocumentContent,
  readIdNumber,
  sealDocumentContent,
  sealIdNumber,
} from '../account/personal-data-columns.ts';
import type { Database } from '../db/database.ts';
import { listSmsPayloadsToSeal, updateSealedSmsPayload } from '../outbox/outbox.repository.ts';
import type { PersonalDataCipher } from './personal-data-cipher.ts';
import { openMobile, sealMobile } from './sealed-mobile.ts';
import { listMobilesToSeal, tablesWithMobiles, updateSealedMobile } from './sealed-mobile.repository.ts';

const idNumbersPerBatch = 500;
const mobilesPerBatch = 500;
const documentsPerBatch = 20;

export interface SealingResult {
  idNumbers: number;
  /** Numbers in users, sms_codes and sms_outbox, and in SMS waiting in the outbox. */
  mobiles: number;
  documents: number;
  purgedScans: number;
}

/**
 * Brings every stored ID number, mobile number and scan under the active key, and every keyed hash under the
 * active lookup key: values an earlier version wrote in the clear (the data half of migrations 20261208T0700 and
 * 20261210T0710) and values under an older key (after a rotation of either key), each re-read and written again
 * in batches; then empties the identity scans past their retention. Run at every start-up
 * and by `npm run db:rotate-personal-data-key`; safe to run twice or in two processes at once (a row is
 * written only if it is still as it was read).
 */
export async function sealPersonalData(
  db: Database,
  cipher: PersonalDataCipher,
  retention: { now: Date; scanRetentionDays: number },
): Promise<SealingResult> {
  const result: SealingResult = { idNumbers: 0, mobiles: 0, documents: 0, purgedScans: 0 };
  const seen = new Set<string>();
  for (;;) {
    const rows = (await listIdNumbersToSeal(db, cipher, idNumbersPerBatch)).filter(
      (row) => !seen.has(row.user_id),
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      seen.add(row.user_id);
      const columns = sealIdNumber(cipher, readIdNumber(cipher, row));
      await updateSealedIdNumber(db, row.user_id, row.id_number_key_id, columns);
      result.idNumbers += 1;
    }
  }
  for (const table of tablesWithMobiles) {
    // A row that could not be written (changed meanwhile) is not read again in this run.
    const seen = new Set<string>();
    for (;;) {
      const rows = (await listMobilesToSeal(db, table, cipher, mobilesPerBatch)).filter(
        (row) => !seen.has(row.id),
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        seen.add(row.id);
        await updateSealedMobile(db, table, row, sealMobile(cipher, openMobile(cipher, row)!));
        result.mobiles += 1;
      }
    }
  }
  seen.clear();
  for (;;) {
    const rows = (await listSmsPayloadsToSeal(db, cipher.activeKeyId, mobilesPerBatch)).filter(
      (row) => !seen.has(row.id),
    );
    if (rows.length === 0) break;
    for (const { id, payload } of rows) {
      seen.add(id);
      const { mobile, mobile_key_id } = sealMobile(
        cipher,
        openMobile(cipher, { mobile: payload.mobile, mobile_key_id: payload.mobileKeyId ?? null })!,
      );
      await updateSealedSmsPayload(db, id, payload, { ...payload, mobile, mobileKeyId: mobile_key_id });
      result.mobiles += 1;
    }
  }
  seen.clear();
  for (;;) {
    const ids = (await listDocumentsToSeal(db, cipher.activeKeyId, documentsPerBatch)).filter(
      (row) => !seen.has(row.id),
    );
    if (ids.length === 0) break;
    for (const { id } of ids) {
      seen.add(id);
      const row = await findDocumentToSeal(db, id);
      await updateSealedDocument(
        db,
        id,
        row.content_key_id,
        sealDocumentContent(cipher, readDocumentContent(cipher, row)),
      );
      result.documents += 1;
    }
  }
  const confirmedBefore = new Date(retention.now.getTime() - retention.scanRetentionDays * 86_400_000);
  result.purgedScans = await purgeIdentityScans(db, confirmedBefore, retention.now);
  return result;
}
