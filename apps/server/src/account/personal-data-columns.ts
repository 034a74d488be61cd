import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';

// The columns that hold personal information, sealed in place (migration 20261208T0700): the value encrypted,
// the id of its key beside it. A null key id is a value an earlier version wrote in the clear, not yet sealed.

/** 身份证号 as stored: encrypted, with its key id and its keyed hash. */
export function sealIdNumber(cipher: PersonalDataCipher, idNumber: string) {
  const sealed = cipher.sealText(idNumber);
  return {
    id_number: sealed.data.toString('base64'),
    id_number_key_id: sealed.keyId,
    id_number_hash: idNumberHash(cipher, idNumber),
  };
}

/** The keyed hash an ID number is found by (letters upper-cased, as the form stores them). */
export function idNumberHash(cipher: PersonalDataCipher, idNumber: string): string {
  return cipher.lookupHash(`id-number:${idNumber.toUpperCase()}`);
}

export function readIdNumber(
  cipher: PersonalDataCipher,
  row: { id_number: string; id_number_key_id: string | null },
): string {
  if (row.id_number_key_id === null) return row.id_number;
  return cipher.openText({ keyId: row.id_number_key_id, data: Buffer.from(row.id_number, 'base64') });
}

/** An uploaded scan as stored: encrypted, with its key id. */
export function sealDocumentContent(cipher: PersonalDataCipher, content: Buffer) {
  const sealed = cipher.seal(content);
  return { content: sealed.data, content_key_id: sealed.keyId };
}

export function readDocumentContent(
  cipher: PersonalDataCipher,
  row: { content: Buffer; content_key_id: string | null },
): Buffer {
  if (row.content_key_id === null) return row.content;
  return cipher.open({ keyId: row.content_key_id, data: row.content });
}

export const purgedScanMessage = '该扫描件已超过保存期限，已删除';

/** A stored scan opened for the one who may see it; one emptied after its retention answers not found. */
export function readStoredDocument(
  ctx: AppContext,
  row: { content: Buffer; content_key_id: string | null; purged_at: Date | null },
): Buffer {
  if (row.purged_at) throw new AppError('NOT_FOUND', purgedScanMessage);
  return readDocumentContent(personalDataCipher(ctx.config), row);
}
