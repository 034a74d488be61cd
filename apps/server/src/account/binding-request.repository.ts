import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { BindingReviewer, BindingRequestStatus } from '../db/schema.ts';

// The one owner of binding_requests: every write to the table is here.

export function insertBindingRequest(
  db: Database,
  request: {
    userId: string;
    enterpriseId: string;
    reviewer: BindingReviewer;
    isLegalPersonClaim: boolean;
    businessLicenseId: string | null;
    authorizationLetterId: string | null;
    registryResult: 'confirmed' | 'unconfirmed';
    at: Date;
  },
) {
  return db
    .insertInto('binding_requests')
    .values({
      user_id: request.userId,
      enterprise_id: request.enterpriseId,
      reviewer: request.reviewer,
      is_legal_person_claim: request.isLegalPersonClaim,
      status: 'pending',
      business_license_id: request.businessLicenseId,
      authorization_letter_id: request.authorizationLetterId,
      registry_result: request.registryResult,
      requested_at: request.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Closes a pending request; answers false when it was no longer pending (decided or withdrawn meanwhile), so
 * two decisions can never both take effect.
 */
export async function closeBindingRequest(
  db: Database,
  requestId: string,
  decision: {
    status: Exclude<BindingRequestStatus, 'pending'>;
    by: string | null;
    reason: string | null;
    at: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('binding_requests')
    .set({
      status: decision.status,
      decided_by: decision.by,
      decision_reason: decision.reason,
      decided_at: decision.at,
    })
    .where('id', '=', requestId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

const requestColumns = [
  'binding_requests.id',
  'binding_requests.user_id',
  'binding_requests.enterprise_id',
  'binding_requests.reviewer',
  'binding_requests.is_legal_person_claim',
  'binding_requests.status',
  'binding_requests.business_license_id',
  'binding_requests.authorization_letter_id',
  'binding_requests.registry_result',
  'binding_requests.requested_at',
  'binding_requests.decided_at',
  'binding_requests.decision_reason',
  'enterprises.name as enterprise_name',
  'enterprises.uscc as enterprise_uscc',
  'enterprises.region_code as enterprise_region_code',
] as const;

/** One request with its enterprise's name and region; the caller checks who may see it. */
export function findBindingRequest(db: Database, requestId: string) {
  return db
    .selectFrom('binding_requests')
    .innerJoin('enterprises', 'enterprises.id', 'binding_requests.enterprise_id')
    .select(requestColumns)
    .where('binding_requests.id', '=', requestId)
    .executeTakeFirst();
}

/** The account's latest request, whatever its state. */
export function findLatestBindingRequestOf(db: Database, userId: string) {
  return db
    .selectFrom('binding_requests')
    .innerJoin('enterprises', 'enterprises.id', 'binding_requests.enterprise_id')
    .select(requestColumns)
    .where('binding_requests.user_id', '=', userId)
    .orderBy('binding_requests.requested_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function hasPendingBindingRequest(db: Database, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('binding_requests')
    .select('id')
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

const requesterColumns = [
  'users.username as requester_username',
  'users.display_name as requester_name',
  'users.mobile as requester_mobile',
  'users.mobile_key_id as requester_mobile_key_id',
  'identity_verifications.account_type',
  'identity_verifications.real_name',
  'identity_verifications.id_type',
  'identity_verifications.id_number',
  'identity_verifications.id_number_key_id',
  'identity_verifications.identity_document_id',
  'identity_verifications.business_license_id as verification_business_license_id',
  'identity_verifications.uscc as verification_uscc',
  'identity_verifications.organization_name as verification_organization_name',
  'identity_verifications.review_status as verification_status',
] as const;

/** The requests an enterprise's manager decides, pending, oldest first. */
export function listPendingManagerRequests(db: Database, enterpriseId: string) {
  return db
    .selectFrom('binding_requests')
    .innerJoin('enterprises', 'enterprises.id', 'binding_requests.enterprise_id')
    .innerJoin('users', 'users.id', 'binding_requests.user_id')
    .innerJoin('identity_verifications', 'identity_verifications.user_id', 'binding_requests.user_id')
    .select([...requestColumns, ...requesterColumns])
    .where('binding_requests.enterprise_id', '=', enterpriseId)
    .where('binding_requests.reviewer', '=', 'manager')
    .where('binding_requests.status', '=', 'pending')
    .orderBy('binding_requests.requested_at')
    .execute();
}

/** The administrators' queue: requests for enterprises inside a region (by code prefix). */
export function listAdministratorRequests(
  db: Database,
  options: { regionPrefix: string; status: 'pending' | 'decided'; limit: number },
) {
  let query = db
    .selectFrom('binding_requests')
    .innerJoin('enterprises', 'enterprises.id', 'binding_requests.enterprise_id')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .innerJoin('users', 'users.id', 'binding_requests.user_id')
    .innerJoin('identity_verifications', 'identity_verifications.user_id', 'binding_requests.user_id')
    .select([...requestColumns, ...requesterColumns, 'regions.name as region_name'])
    .where('binding_requests.reviewer', '=', 'administrator')
    .where('enterprises.region_code', 'like', `${options.regionPrefix}%`);
  query =
    options.status === 'pending'
      ? query.where('binding_requests.status', '=', 'pending').orderBy('binding_requests.requested_at')
      : query
          .where('binding_requests.status', 'in', ['approved', 'refused'])
          .orderBy('binding_requests.decided_at', 'desc');
  return query.limit(options.limit).execute();
}

/** One request with everything its reviewer compares: requester, verification, directory facts. */
export function findBindingRequestForReview(db: Database, requestId: string) {
  return db
    .selectFrom('binding_requests')
    .innerJoin('enterprises', 'enterprises.id', 'binding_requests.enterprise_id')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .innerJoin('users', 'users.id', 'binding_requests.user_id')
    .innerJoin('identity_verifications', 'identity_verifications.user_id', 'binding_requests.user_id')
    .select([
      ...requestColumns,
      ...requesterColumns,
      'regions.name as region_name',
      'enterprises.legal_representative as enterprise_legal_representative',
      'identity_verifications.valid_from',
      'identity_verifications.valid_until',
      'identity_verifications.contact_address',
    ])
    .where('binding_requests.id', '=', requestId)
    .executeTakeFirst();
}

/** The enterprise's current (enabled) account managers, for the reviewer and for the SMS. */
export function listEnterpriseManagers(db: Database, enterpriseId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'mobile', 'mobile_key_id', 'mobile_hash'])
    .where('enterprise_id', '=', enterpriseId)
    .where('is_enterprise_manager', '=', true)
    .where('is_disabled', '=', false)
    .execute();
}

/** Holds the enterprise's row until the transaction ends, so grants for one enterprise happen one at a time. */
export async function lockEnterprise(db: Database, enterpriseId: string): Promise<void> {
  await sql`select id from enterprises where id = ${enterpriseId} for update`.execute(db);
}

/** Takes the manager role from the enterprise's current managers; answers whom it was taken from. */
export function demoteEnterpriseManagers(db: Database, enterpriseId: string) {
  return db
    .updateTable('users')
    .set({ is_enterprise_manager: false })
    .where('enterprise_id', '=', enterpriseId)
    .where('is_enterprise_manager', '=', true)
    .returning(['id', 'mobile', 'mobile_key_id', 'mobile_hash', 'username'])
    .execute();
}

/** A stored document, for the reviewer to open. */
export function findDocumentContent(db: Database, documentId: string) {
  return db
    .selectFrom('account_documents')
    .select(['id', 'user_id', 'kind', 'file_name', 'media_type', 'content', 'content_key_id', 'purged_at'])
    .where('id', '=', documentId)
    .executeTakeFirst();
}
