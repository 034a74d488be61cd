import type {
  BindingDecided,
  BindingReview,
  BindingReviewItem,
  ManagerBindingRequest,
} from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { AppError, notFound } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { maskStoredMobile } from '../personal-data/sealed-mobile.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { readIdNumber, readStoredDocument } from './personal-data-columns.ts';
import {
  grantBindingRequest,
  refuseBindingRequest,
  type GrantedVia,
  type PendingRequest,
} from './binding-decision.ts';
import {
  findBindingRequest,
  findBindingRequestForReview,
  findDocumentContent,
  listAdministratorRequests,
  listEnterpriseManagers,
  listPendingManagerRequests,
} from './binding-request.repository.ts';
import { enqueueSideEffects, type SmsRecipient } from '../outbox/side-effects.ts';
import { bindingSms, bindingSmsTemplates } from './binding-sms.ts';
import { findUserMobile } from './user.repository.ts';
import { maskIdNumber } from './verification.service.ts';

export interface BindingDecision {
  decision: 'approve' | 'refuse';
  reason?: string | undefined;
}

interface DocumentRef {
  id: string;
  kind: 'identity_document' | 'business_license' | 'authorization_letter';
}

function documentsOf(
  row: {
    identity_document_id: string | null;
    business_license_id: string | null;
    authorization_letter_id: string | null;
  },
  options: { withIdentityDocument: boolean },
): DocumentRef[] {
  const documents: DocumentRef[] = [];
  // An identity provider's 实名认证 has no scan: the provider saw the person.
  if (options.withIdentityDocument && row.identity_document_id)
    documents.push({ id: row.identity_document_id, kind: 'identity_document' });
  if (row.business_license_id) documents.push({ id: row.business_license_id, kind: 'business_license' });
  if (row.authorization_letter_id)
    documents.push({ id: row.authorization_letter_id, kind: 'authorization_letter' });
  return documents;
}

function pendingOf(row: {
  id: string;
  user_id: string;
  enterprise_id: string;
  is_legal_person_claim: boolean;
  enterprise_uscc: string;
  enterprise_region_code: string;
}): PendingRequest {
  return {
    id: row.id,
    user_id: row.user_id,
    enterprise_id: row.enterprise_id,
    is_legal_person_claim: row.is_legal_person_claim,
    enterprise_uscc: row.enterprise_uscc,
    enterprise_region_code: row.enterprise_region_code,
  };
}

/**
 * Approves or refuses, then texts the people concerned after commit. A refusal needs a reason the requester can
 * act on; the SMS itself carries fixed wording only.
 */
async function decide(
  ctx: AppContext,
  actor: Actor,
  request: PendingRequest,
  input: BindingDecision,
  via: Exclude<GrantedVia, 'registry' | 'identity_provider'>,
  meta: RequestMeta,
): Promise<BindingDecided> {
  const now = ctx.now();
  const reason = input.reason?.trim() || null;
  if (input.decision === 'refuse' && !reason) {
    const message = '请填写不予通过的理由，申请人将看到该理由';
    throw new AppError('VALIDATION_FAILED', message, [{ name: 'reason', reason: message }]);
  }
  const requester = await findUserMobile(ctx.db, { id: request.user_id });
  try {
    await ctx.db.transaction().execute(async (trx) => {
      let previousManagers: Array<{ id: string } & SmsRecipient> = [];
      if (input.decision === 'approve') {
        ({ previousManagers } = await grantBindingRequest(trx, request, {
          via,
          by: actor.userId,
          reason,
          at: now,
          meta,
        }));
      } else {
        await refuseBindingRequest(trx, request, { via, by: actor.userId, reason: reason!, at: now, meta });
      }
      // The requester, and any manager the 法人 replaces, are told by SMS, queued with the decision.
      const replaced = previousManagers.filter((manager) => manager.id !== request.user_id);
      await enqueueSideEffects(trx, [
        bindingSms(
          [requester],
          input.decision === 'approve' ? bindingSmsTemplates.approved : bindingSmsTemplates.refused,
        ),
        ...(replaced.length > 0 ? [bindingSms(replaced, bindingSmsTemplates.managerTransferred)] : []),
      ]);
    });
  } catch (error) {
    // A 法人 account confirmed twice for one enterprise: the unique index decides.
    if (isUniqueViolation(error)) {
      throw new AppError(
        'CONFLICT',
        '该企业已有经确认的法人账号，一个企业只能有一个法人账号；本申请无法批准，请不予通过并说明理由',
      );
    }
    throw error;
  }
  ctx.outbox?.wake();
  return { id: request.id, status: input.decision === 'approve' ? 'approved' : 'refused' };
}

// ---- The enterprise's account manager -------------------------------------------------------------------

/** 企业账号 — 待审核的绑定申请: requests to join the manager's enterprise, oldest first. */
export async function listManagerBindingRequests(
  ctx: AppContext,
  actor: Actor,
): Promise<ManagerBindingRequest[]> {
  const manager = authorizeActor(actor, 'binding.manager-queue');
  const rows = await listPendingManagerRequests(ctx.db, manager.enterpriseId);
  return rows.map((row) => ({
    id: row.id,
    requesterName: row.real_name,
    requesterUsername: row.requester_username,
    maskedMobile: maskStoredMobile(personalDataCipher(ctx.config), {
      mobile: row.requester_mobile,
      mobile_key_id: row.requester_mobile_key_id,
    }),
    accountType: row.account_type,
    requestedAt: row.requested_at.toISOString(),
    // The manager sees what the requester brought for the enterprise, not the requester's own ID scan.
    documents: documentsOf(row, { withIdentityDocument: false }),
  }));
}

export async function decideBindingAsManager(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
  input: BindingDecision,
  meta: RequestMeta,
) {
  authorizeActor(actor, 'binding.manager-decide');
  const row = await findBindingRequest(ctx.db, requestId);
  authorize(
    actor,
    'binding.manager-decide',
    row && { enterpriseId: row.enterprise_id, reviewer: row.reviewer },
  );
  if (row.status !== 'pending') throw new AppError('CONFLICT', '该绑定申请已处理或已撤回，请刷新后查看');
  return decide(ctx, actor, pendingOf(row), input, 'manager', meta);
}

/** A document of a request the manager decides: the 营业执照 or the 授权委托书. */
export async function openBindingDocumentAsManager(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
  documentId: string,
) {
  authorizeActor(actor, 'binding.manager-decide');
  const row = await findBindingRequest(ctx.db, requestId);
  authorize(
    actor,
    'binding.manager-decide',
    row && { enterpriseId: row.enterprise_id, reviewer: row.reviewer },
  );
  const allowed = [row.business_license_id, row.authorization_letter_id];
  return openDocument(ctx, allowed, documentId);
}

async function openDocument(ctx: AppContext, allowed: Array<string | null>, documentId: string) {
  if (!allowed.includes(documentId)) throw notFound('文件');
  const document = await findDocumentContent(ctx.db, documentId);
  if (!document) throw notFound('文件');
  return {
    fileName: document.file_name,
    mediaType: document.media_type,
    content: readStoredDocument(ctx, document),
  };
}

// ---- Administrators of the enterprise's region (实名认证 / 绑定审核) ------------------------------------

/** The 绑定审核 queue: requests for enterprises in the administrator's region and below. */
export async function listBindingReviewQueue(
  ctx: AppContext,
  actor: Actor,
  query: { status: 'pending' | 'decided' },
): Promise<BindingReviewItem[]> {
  const admin = authorizeActor(actor, 'binding.review-queue');
  const rows = await listAdministratorRequests(ctx.db, {
    regionPrefix: regionScopePrefix(admin.regionCode, admin.regionLevel),
    status: query.status,
    limit: 200,
  });
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    enterprise: { id: row.enterprise_id, name: row.enterprise_name, uscc: row.enterprise_uscc },
    regionName: row.region_name,
    requesterName: row.real_name,
    accountType: row.account_type,
    isLegalPersonClaim: row.is_legal_person_claim,
    registryResult: row.registry_result,
    requestedAt: row.requested_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
  }));
}

/** One request with what the reviewer compares: the directory's facts, the 实名认证 data and the scans. */
export async function getBindingReview(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
): Promise<BindingReview> {
  authorizeActor(actor, 'binding.review');
  const row = await findBindingRequestForReview(ctx.db, requestId);
  authorize(
    actor,
    'binding.review',
    row && { enterpriseRegionCode: row.enterprise_region_code, reviewer: row.reviewer },
  );
  const managers = await listEnterpriseManagers(ctx.db, row.enterprise_id);
  const dateText = (value: Date | null) =>
    value ? new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(value) : null;
  return {
    id: row.id,
    status: row.status,
    requestedAt: row.requested_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
    isLegalPersonClaim: row.is_legal_person_claim,
    registryResult: row.registry_result,
    enterprise: {
      id: row.enterprise_id,
      name: row.enterprise_name,
      uscc: row.enterprise_uscc,
      legalRepresentative: row.enterprise_legal_representative,
      regionName: row.region_name,
      // Approving a 法人 claim makes the 法人 the manager; the reviewer sees whom it replaces.
      currentManagers: managers.map((manager) => manager.display_name),
    },
    requester: {
      username: row.requester_username,
      maskedMobile: maskStoredMobile(personalDataCipher(ctx.config), {
        mobile: row.requester_mobile,
        mobile_key_id: row.requester_mobile_key_id,
      }),
      accountType: row.account_type,
      realName: row.real_name,
      idType: row.id_type,
      // Masked for the reviewer too: the first six digits (the place of registration) and the last four are
      // what a comparison with the scan needs.
      maskedIdNumber: maskIdNumber(readIdNumber(personalDataCipher(ctx.config), row)),
      validFrom: dateText(row.valid_from),
      validUntil: dateText(row.valid_until),
      contactAddress: row.contact_address,
      organizationName: row.verification_organization_name,
      verificationStatus: row.verification_status,
    },
    documents: documentsOf(row, { withIdentityDocument: true }),
  };
}

export async function decideBindingAsAdministrator(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
  input: BindingDecision,
  meta: RequestMeta,
) {
  authorizeActor(actor, 'binding.review');
  const row = await findBindingRequestForReview(ctx.db, requestId);
  authorize(
    actor,
    'binding.review',
    row && { enterpriseRegionCode: row.enterprise_region_code, reviewer: row.reviewer },
  );
  if (row.status !== 'pending') throw new AppError('CONFLICT', '该绑定申请已处理或已撤回，请刷新后查看');
  return decide(ctx, actor, pendingOf(row), input, 'administrator', meta);
}

export async function openBindingDocumentAsAdministrator(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
  documentId: string,
) {
  authorizeActor(actor, 'binding.review');
  const row = await findBindingRequestForReview(ctx.db, requestId);
  authorize(
    actor,
    'binding.review',
    row && { enterpriseRegionCode: row.enterprise_region_code, reviewer: row.reviewer },
  );
  return openDocument(
    ctx,
    documentsOf(row, { withIdentityDocument: true }).map((document) => document.id),
    documentId,
  );
}
