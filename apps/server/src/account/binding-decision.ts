import type { Database } from '../db/database.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import type { SmsRecipient } from '../outbox/side-effects.ts';
import {
  closeBindingRequest,
  demoteEnterpriseManagers,
  lockEnterprise,
} from './binding-request.repository.ts';
import { bindUserToEnterprise, hasEnterpriseManager } from './binding.repository.ts';
import { confirmVerification } from './verification.repository.ts';

/**
 * Who granted a binding: the enterprise's manager, an administrator of its region, the registry check, or an
 * identity provider that verified the 法人 identity for the enterprise's USCC.
 */
export type GrantedVia = 'manager' | 'administrator' | 'registry' | 'identity_provider';

export interface PendingRequest {
  id: string;
  user_id: string;
  enterprise_id: string;
  is_legal_person_claim: boolean;
  enterprise_uscc: string;
  enterprise_region_code: string;
}

const alreadyDecided = () => new AppError('CONFLICT', '该绑定申请已处理或已撤回，请刷新后查看');

/**
 * The one step that binds an account to an enterprise: closes the pending request, binds the account, and records
 * it, inside the caller's transaction. The enterprise's row is locked first, so two grants for one enterprise run
 * one after the other and see each other's manager.
 *
 * Who manages afterwards, decided explicitly: an approved 法人 claim makes the 法人 account the manager; a manager
 * it replaces stays bound as an ordinary filer account (never removed), and the change is recorded on that
 * account's own audit trail and texted to it after commit. Any other account manages only when the enterprise has
 * no manager at that moment. A grant by an administrator or the registry also confirms the 实名认证 that the
 * reviewer checked with the request.
 */
export async function grantBindingRequest(
  trx: Database,
  request: PendingRequest,
  grant: { via: GrantedVia; by: string | null; reason: string | null; at: Date; meta: RequestMeta },
): Promise<{ isManager: boolean; previousManagers: Array<{ id: string } & SmsRecipient> }> {
  await lockEnterprise(trx, request.enterprise_id);
  const isClosed = await closeBindingRequest(trx, request.id, {
    status: 'approved',
    by: grant.by,
    reason: grant.reason,
    at: grant.at,
  });
  if (!isClosed) throw alreadyDecided();

  const previousManagers = request.is_legal_person_claim
    ? await demoteEnterpriseManagers(trx, request.enterprise_id)
    : [];
  const isManager =
    request.is_legal_person_claim || !(await hasEnterpriseManager(trx, request.enterprise_id));
  const bound = await bindUserToEnterprise(trx, request.user_id, {
    enterpriseId: request.enterprise_id,
    regionCode: request.enterprise_region_code,
    isManager,
    at: grant.at,
  });
  if (bound.numUpdatedRows === 0n)
    throw new AppError('CONFLICT', '申请人的账号已绑定其他企业，本申请无法批准');
  if (grant.via !== 'manager') {
    await confirmVerification(trx, request.user_id, {
      by: grant.by,
      via: grant.via,
      at: grant.at,
    });
  }

  await insertAuditEvent(trx, {
    actorUserId: grant.by,
    action: 'account.bound',
    subjectType: 'user',
    subjectId: request.user_id,
    regionCode: request.enterprise_region_code,
    details: {
      requestId: request.id,
      enterpriseId: request.enterprise_id,
      uscc: request.enterprise_uscc,
      grantedVia: grant.via,
      isManager,
      previousManagerIds: previousManagers.map((manager) => manager.id),
    },
    requestId: grant.meta.requestId,
    ip: grant.meta.ip,
    at: grant.at,
  });
  for (const manager of previousManagers.filter((candidate) => candidate.id !== request.user_id)) {
    await insertAuditEvent(trx, {
      actorUserId: grant.by,
      action: 'account.manager_transferred',
      subjectType: 'user',
      subjectId: manager.id,
      regionCode: request.enterprise_region_code,
      details: { requestId: request.id, enterpriseId: request.enterprise_id, newManagerId: request.user_id },
      requestId: grant.meta.requestId,
      ip: grant.meta.ip,
      at: grant.at,
    });
  }
  return { isManager, previousManagers };
}

/** Refuses a pending request with the reviewer's reason, recorded in the same transaction. */
export async function refuseBindingRequest(
  trx: Database,
  request: PendingRequest,
  refusal: { via: 'manager' | 'administrator'; by: string; reason: string; at: Date; meta: RequestMeta },
): Promise<void> {
  const isClosed = await closeBindingRequest(trx, request.id, {
    status: 'refused',
    by: refusal.by,
    reason: refusal.reason,
    at: refusal.at,
  });
  if (!isClosed) throw alreadyDecided();
  await insertAuditEvent(trx, {
    actorUserId: refusal.by,
    action: 'account.binding_refused',
    subjectType: 'user',
    subjectId: request.user_id,
    regionCode: request.enterprise_region_code,
    details: {
      requestId: request.id,
      enterpriseId: request.enterprise_id,
      uscc: request.enterprise_uscc,
      refusedVia: refusal.via,
      reason: refusal.reason,
    },
    requestId: refusal.meta.requestId,
    ip: refusal.meta.ip,
    at: refusal.at,
  });
}
