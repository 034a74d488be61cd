import type { BindingRequestView } from '@zhibao/contracts';
import { checkUscc } from '@zhibao/survey';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { AppError, type InvalidParam } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { grantBindingRequest } from './binding-decision.ts';
import {
  closeBindingRequest,
  findLatestBindingRequestOf,
  hasPendingBindingRequest,
  insertBindingRequest,
  listEnterpriseManagers,
} from './binding-request.repository.ts';
import { enqueueSideEffects } from '../outbox/side-effects.ts';
import { bindingSms, bindingSmsTemplates } from './binding-sms.ts';
import { recordBindingAttempt } from './binding-throttle.ts';
import { findBindingState, findDirectoryEnterpriseByUscc } from './binding.repository.ts';
import { assertAcceptedDocument, type UploadedFile } from './document-file.ts';
import { registryCheckProviderFor } from './registry-check.ts';
import { readIdNumber } from './personal-data-columns.ts';
import { findVerification, insertAccountDocument } from './verification.repository.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';

/** The one industry this system takes filings for (所属行业). */
export const softwareIndustry = 'software';

const bindingDocumentLabels: Record<string, string> = {
  businessLicense: '营业执照扫描件',
  authorizationLetter: '授权委托书扫描件',
};

/** The files a binding request may carry, with their labels for messages. */
export const bindingSubmissionFields = {
  files: ['businessLicense', 'authorizationLetter'] as const,
  labels: bindingDocumentLabels,
};

/**
 * The one answer to any mismatch — an unknown code, another name, another legal representative, a 法人 account
 * naming another enterprise — so the form cannot be used to learn which of the facts was wrong.
 */
export const bindingMismatchMessage =
  '填写的企业信息与企业名录库登记的不一致，无法提交绑定申请。请按营业执照核对统一社会信用代码、企业名称和法定代表人姓名；' +
  '如确认无误，请联系企业所在区县的主管部门';

function refuse(params: InvalidParam[]): AppError {
  return new AppError('VALIDATION_FAILED', params.map((param) => param.reason).join('；'), params);
}

// Names are compared as people type them: surrounding spaces and full-width brackets do not matter.
function normalizeName(name: string): string {
  return name.trim().replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '');
}

function viewOf(row: {
  id: string;
  status: BindingRequestView['status'];
  reviewer: BindingRequestView['reviewer'];
  enterprise_name: string;
  enterprise_uscc: string;
  is_legal_person_claim: boolean;
  requested_at: Date;
  decided_at: Date | null;
  decision_reason: string | null;
}): BindingRequestView {
  return {
    id: row.id,
    status: row.status,
    reviewer: row.reviewer,
    enterprise: { name: row.enterprise_name, uscc: row.enterprise_uscc },
    isLegalPersonClaim: row.is_legal_person_claim,
    requestedAt: row.requested_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
  };
}

/**
 * 绑定企业 is a request, never an immediate binding: knowing an enterprise's public facts (code, name, legal
 * representative) only lets an account ask. The facts must match the directory (one answer for any mismatch,
 * attempts throttled per account and address). Then:
 * - a 自然人 asking to join an enterprise that has an account manager waits for that manager;
 * - a 自然人 for an enterprise without a manager, and every 法人 claim, waits for an administrator of the
 *   enterprise's region, who checks the 营业执照 and (for a 自然人) the 授权委托书 stamped by the enterprise
 *   against the 实名认证 documents;
 * - a 法人 claim that the identity/registry check confirms is granted at once, but only while the enterprise has
 *   no manager: replacing a manager is always reviewed.
 * The current manager is texted when a request for the enterprise arrives. Until granted the account sees nothing
 * of the enterprise: access derives from the granted binding (users.enterprise_id) alone.
 */
export async function submitBindingRequest(
  ctx: AppContext,
  actor: Actor,
  input: { uscc: string; enterpriseName: string; legalRepresentative: string; industry: string },
  files: Record<string, UploadedFile>,
  meta: RequestMeta,
): Promise<BindingRequestView> {
  authorizeActor(actor, 'binding.request');
  const state = await findBindingState(ctx.db, actor.userId);
  if (!state) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
  if (state.enterprise_id)
    throw new AppError('CONFLICT', '该账号已绑定企业；如需更换，请联系本企业账号管理人解除绑定');
  const verification = await findVerification(ctx.db, actor.userId);
  if (!state.verified_at || !verification) throw new AppError('FORBIDDEN', '请先完成实名认证，再绑定企业');
  if (await hasPendingBindingRequest(ctx.db, actor.userId)) {
    throw new AppError('CONFLICT', '已有等待审核的绑定申请，请等待审核结果，或撤回后重新申请');
  }

  // Checks that reveal nothing about the directory come first, naming their field.
  const problems: InvalidParam[] = [];
  if (input.industry !== softwareIndustry) {
    problems.push({
      name: 'industry',
      reason: '本系统受理软件和信息技术服务业企业的填报，所属行业请选择“软件业”',
    });
  }
  const usccCheck = checkUscc(input.uscc);
  if (!usccCheck.ok) problems.push({ name: 'uscc', reason: usccCheck.reason });
  const isLegalPerson = verification.account_type === 'legal_person';
  if (!isLegalPerson && !files.businessLicense) {
    problems.push({ name: 'businessLicense', reason: '请上传企业营业执照扫描件' });
  }
  if (!isLegalPerson && !files.authorizationLetter) {
    problems.push({ name: 'authorizationLetter', reason: '请上传加盖企业公章的授权委托书扫描件' });
  }
  if (problems.length > 0) throw refuse(problems);
  const mediaTypes: Record<string, string> = {};
  for (const [field, file] of Object.entries(files)) {
    mediaTypes[field] = await assertAcceptedDocument(file, field, bindingDocumentLabels[field] ?? field);
  }

  await recordBindingAttempt(ctx, actor.userId, meta.ip);
  const enterprise = await findDirectoryEnterpriseByUscc(ctx.db, input.uscc);
  const isMatch =
    enterprise !== undefined &&
    normalizeName(enterprise.name) === normalizeName(input.enterpriseName) &&
    normalizeName(enterprise.legal_representative) === normalizeName(input.legalRepresentative) &&
    (!isLegalPerson ||
      (verification.uscc === enterprise.uscc &&
        normalizeName(verification.real_name) === normalizeName(enterprise.legal_representative)));
  if (!enterprise || !isMatch) throw new AppError('VALIDATION_FAILED', bindingMismatchMessage);

  const managers = await listEnterpriseManagers(ctx.db, enterprise.id);
  const registryResult = isLegalPerson
    ? await registryCheckProviderFor(ctx).confirmLegalRepresentative({
        uscc: enterprise.uscc,
        directoryLegalRepresentative: enterprise.legal_representative,
        realName: verification.real_name,
        idType: verification.id_type,
        idNumber: readIdNumber(personalDataCipher(ctx.config), verification),
      })
    : 'unconfirmed';
  const reviewer = isLegalPerson || managers.length === 0 ? 'administrator' : 'manager';
  const isGrantedByRegistry = isLegalPerson && registryResult === 'confirmed' && managers.length === 0;

  const now = ctx.now();
  let requestId: string;
  try {
    requestId = await ctx.db.transaction().execute(async (trx) => {
      const storeDocument = async (field: string, kind: 'business_license' | 'authorization_letter') => {
        const file = files[field];
        if (!file) return null;
        const stored = await insertAccountDocument(trx, personalDataCipher(ctx.config), {
          userId: actor.userId,
          kind,
          fileName: file.fileName,
          mediaType: mediaTypes[field]!,
          content: file.content,
        });
        return stored.id;
      };
      const businessLicenseId =
        (await storeDocument('businessLicense', 'business_license')) ?? verification.business_license_id;
      const authorizationLetterId = await storeDocument('authorizationLetter', 'authorization_letter');
      const inserted = await insertBindingRequest(trx, {
        userId: actor.userId,
        enterpriseId: enterprise.id,
        reviewer,
        isLegalPersonClaim: isLegalPerson,
        businessLicenseId,
        authorizationLetterId,
        registryResult,
        at: now,
      });
      await insertAuditEvent(trx, {
        actorUserId: actor.userId,
        action: 'account.binding_requested',
        subjectType: 'user',
        subjectId: actor.userId,
        regionCode: enterprise.region_code,
        details: {
          requestId: inserted.id,
          enterpriseId: enterprise.id,
          uscc: enterprise.uscc,
          reviewer,
          isLegalPersonClaim: isLegalPerson,
          registryResult,
        },
        requestId: meta.requestId,
        ip: meta.ip,
        at: now,
      });
      if (isGrantedByRegistry) {
        await grantBindingRequest(
          trx,
          {
            id: inserted.id,
            user_id: actor.userId,
            enterprise_id: enterprise.id,
            is_legal_person_claim: true,
            enterprise_uscc: enterprise.uscc,
            enterprise_region_code: enterprise.region_code,
          },
          { via: 'registry', by: null, reason: null, at: now, meta },
        );
      }
      // The enterprise's account managers are told by SMS, queued with the request.
      if (!isGrantedByRegistry && managers.length > 0) {
        await enqueueSideEffects(trx, [
          bindingSms(
            managers,
            isLegalPerson
              ? bindingSmsTemplates.legalPersonClaimForManager
              : bindingSmsTemplates.requestForManager,
          ),
        ]);
      }
      return inserted.id;
    });
  } catch (error) {
    // A 法人 account confirmed twice for one enterprise: the unique index decides.
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', '已有等待审核的绑定申请，或该企业已有经确认的法人账号，请刷新后查看');
    }
    throw error;
  }

  ctx.outbox?.wake();
  const created = await findLatestBindingRequestOf(ctx.db, actor.userId);
  if (!created || created.id !== requestId)
    throw new AppError('CONFLICT', '绑定申请状态已变化，请刷新后查看');
  return viewOf(created);
}

/** The account's own latest binding request (绑定申请已提交，等待审核 / 未通过 and why), or null. */
export async function getOwnBindingRequest(
  ctx: AppContext,
  actor: Actor,
): Promise<BindingRequestView | null> {
  authorizeActor(actor, 'binding.request');
  const row = await findLatestBindingRequestOf(ctx.db, actor.userId);
  return row ? viewOf(row) : null;
}

/** 撤回申请: the requester withdraws a pending request, e.g. to correct the enterprise. */
export async function withdrawBindingRequest(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
): Promise<void> {
  authorizeActor(actor, 'binding.request');
  const row = await findLatestBindingRequestOf(ctx.db, actor.userId);
  if (!row || row.status !== 'pending') throw new AppError('CONFLICT', '没有等待审核的绑定申请');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const isClosed = await closeBindingRequest(trx, row.id, {
      status: 'withdrawn',
      by: actor.userId,
      reason: null,
      at: now,
    });
    if (!isClosed) throw new AppError('CONFLICT', '该绑定申请已处理，请刷新后查看');
    await insertAuditEvent(trx, {
      actorUserId: actor.userId,
      action: 'account.binding_withdrawn',
      subjectType: 'user',
      subjectId: actor.userId,
      regionCode: row.enterprise_region_code,
      details: { requestId: row.id, enterpriseId: row.enterprise_id },
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
  });
}
