import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AccountDocumentKind, AccountType, VerificationConfirmedVia } from '../db/schema.ts';
import type { ActiveKeys, PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';
import { sealDocumentContent, sealIdNumber } from './personal-data-columns.ts';

export function insertAccountDocument(
  db: Database,
  cipher: PersonalDataCipher,
  document: {
    userId: string;
    kind: AccountDocumentKind;
    fileName: string;
    mediaType: string;
    content: Buffer;
  },
) {
  return db
    .insertInto('account_documents')
    .values({
      user_id: document.userId,
      kind: document.kind,
      file_name: document.fileName.slice(0, 200),
      media_type: document.mediaType,
      byte_size: document.content.length,
      ...sealDocumentContent(cipher, document.content),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function findVerification(db: Database, userId: string) {
  return db.selectFrom('identity_verifications').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/**
 * The confirmed 法人 account of this code, if any (一个企业只有一个法人账号). Unreviewed claims do not count, so
 * nobody can block the real 法人 by submitting a claim first.
 */
export function findConfirmedLegalPersonByUscc(db: Database, uscc: string) {
  return db
    .selectFrom('identity_verifications')
    .select(['user_id'])
    .where('account_type', '=', 'legal_person')
    .where('uscc', '=', uscc)
    .where('review_status', '=', 'confirmed')
    .executeTakeFirst();
}

/** Marks the verification reviewed: by an administrator (with the binding review) or by a registry check. */
export function confirmVerification(
  db: Database,
  userId: string,
  confirmation: { by: string | null; via: VerificationConfirmedVia; at: Date },
) {
  return db
    .updateTable('identity_verifications')
    .set({
      review_status: 'confirmed',
      confirmed_at: confirmation.at,
      confirmed_by: confirmation.by,
      confirmed_via: confirmation.via,
    })
    .where('user_id', '=', userId)
    .execute();
}

export function insertVerification(
  db: Database,
  cipher: PersonalDataCipher,
  verification: {
    userId: string;
    accountType: AccountType;
    realName: string;
    idType: string;
    idNumber: string;
    contactAddress: string;
    validFrom: string;
    validUntil: string | null;
    organizationType: string | null;
    uscc: string | null;
    organizationName: string | null;
    legalPersonType: string | null;
    identityDocumentId: string;
    businessLicenseId: string | null;
    verifiedAt: Date;
  },
) {
  return db
    .insertInto('identity_verifications')
    .values({
      user_id: verification.userId,
      account_type: verification.accountType,
      real_name: verification.realName,
      id_type: verification.idType,
      ...sealIdNumber(cipher, verification.idNumber),
      contact_address: verification.contactAddress,
      valid_from: verification.validFrom,
      valid_until: verification.validUntil,
      organization_type: verification.organizationType,
      uscc: verification.uscc,
      organization_name: verification.organizationName,
      legal_person_type: verification.legalPersonType,
      identity_document_id: verification.identityDocumentId,
      business_license_id: verification.businessLicenseId,
      verified_at: verification.verifiedAt,
    })
    .execute();
}

export function markUserVerified(
  db: Database,
  userId: string,
  change: { accountType: AccountType; displayName: string; at: Date },
) {
  return db
    .updateTable('users')
    .set({ account_type: change.accountType, display_name: change.displayName, verified_at: change.at })
    .where('id', '=', userId)
    .execute();
}

/** 实名认证 confirmed by an identity provider: what it verified, with no scans (the provider saw the person). */
export function insertProviderVerification(
  db: Database,
  cipher: PersonalDataCipher,
  verification: {
    userId: string;
    providerId: string;
    accountType: AccountType;
    realName: string;
    idNumber: string | null;
    uscc: string | null;
    organizationName: string | null;
    at: Date;
  },
) {
  return db
    .insertInto('identity_verifications')
    .values({
      user_id: verification.userId,
      account_type: verification.accountType,
      real_name: verification.realName,
      id_type: '居民身份证',
      ...sealIdNumber(cipher, verification.idNumber ?? ''),
      // The provider releases no address or document validity: none is claimed, the check is dated today.
      contact_address: '',
      valid_from: verification.at.toISOString().slice(0, 10),
      valid_until: null,
      organization_type: null,
      uscc: verification.uscc,
      organization_name: verification.organizationName,
      legal_person_type: null,
      identity_document_id: null,
      business_license_id: null,
      verified_at: verification.at,
      review_status: 'confirmed',
      confirmed_at: verification.at,
      confirmed_by: null,
      confirmed_via: 'identity_provider',
      identity_provider_id: verification.providerId,
    })
    .execute();
}
// ---- Sealing in place (personal-data/seal-personal-data.ts) -----------------------------------------------

/** ID numbers still in the clear, under another key than the active one, or hashed under another lookup key. */
export function listIdNumbersToSeal(db: Database, active: ActiveKeys, limit: number) {
  return db
    .selectFrom('identity_verifications')
    .select(['user_id', 'id_number', 'id_number_key_id'])
    .where((eb) =>
      eb.or([
        eb('id_number_key_id', 'is', null),
        eb('id_number_key_id', '!=', active.activeKeyId),
        eb.not(sql<boolean>`coalesce(starts_with(id_number_hash, ${active.activeLookupPrefix}), false)`),
      ]),
    )
    .orderBy('user_id')
    .limit(limit)
    .execute();
}

/** Writes a number sealed again, only if it is still under the key it was read under. */
export function updateSealedIdNumber(
  db: Database,
  userId: string,
  readUnder: string | null,
  columns: { id_number: string; id_number_key_id: string; id_number_hash: string },
) {
  return db
    .updateTable('identity_verifications')
    .set(columns)
    .where('user_id', '=', userId)
    .where('id_number_key_id', readUnder === null ? 'is' : '=', readUnder)
    .execute();
}

/** Scans still in the clear or under another key than the active one (ids only: scans are megabytes). */
export function listDocumentsToSeal(db: Database, activeKeyId: string, limit: number) {
  return db
    .selectFrom('account_documents')
    .select(['id'])
    .where('purged_at', 'is', null)
    .where((eb) => eb.or([eb('content_key_id', 'is', null), eb('content_key_id', '!=', activeKeyId)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function findDocumentToSeal(db: Database, id: string) {
  return db
    .selectFrom('account_documents')
    .select(['id', 'content', 'content_key_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export function updateSealedDocument(
  db: Database,
  id: string,
  readUnder: string | null,
  columns: { content: Buffer; content_key_id: string },
) {
  return db
    .updateTable('account_documents')
    .set(columns)
    .where('id', '=', id)
    .where('content_key_id', readUnder === null ? 'is' : '=', readUnder)
    .execute();
}

/**
 * Empties the identity scans of verifications confirmed before `confirmedBefore`: once confirmed, the scan has
 * done its job, and personal information is kept no longer than its purpose needs (个人信息保护法 第十九条).
 */
export async function purgeIdentityScans(db: Database, confirmedBefore: Date, now: Date): Promise<number> {
  const result = await db
    .updateTable('account_documents')
    .set({ content: Buffer.alloc(0), content_key_id: null, purged_at: now })
    .where('kind', '=', 'identity_document')
    .where('purged_at', 'is', null)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('identity_verifications')
        .select('identity_document_id')
        .where('review_status', '=', 'confirmed')
        .where('confirmed_at', '<', confirmedBefore),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
