import type { Database } from '../db/database.ts';
import type { AccountDocumentKind, AccountType } from '../db/schema.ts';

export function insertAccountDocument(
  db: Database,
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
      content: document.content,
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
  confirmation: { by: string | null; via: 'administrator' | 'registry'; at: Date },
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
      id_number: verification.idNumber,
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
