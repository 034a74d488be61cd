import { checkUscc } from '@zhibao/survey';
import {
  assertCanManageEnterpriseAccount,
  requireEnterpriseManager,
  requireEnterpriseUser,
} from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { AppError, type InvalidParam } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { maskMobile } from '../sms/sms-code.service.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import {
  bindUserToEnterprise,
  findAccountBinding,
  findBindingState,
  findDirectoryEnterpriseByUscc,
  hasEnterpriseManager,
  listAccountsOfEnterprise,
  unbindUser,
} from './binding.repository.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import { findVerification } from './verification.repository.ts';

/** The one industry this system takes filings for (所属行业). */
export const softwareIndustry = 'software';

function refuse(params: InvalidParam[]): AppError {
  return new AppError('VALIDATION_FAILED', params.map((param) => param.reason).join('；'), params);
}

// Names are compared as people type them: surrounding spaces and full-width brackets do not matter.
function normalizeName(name: string): string {
  return name.trim().replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '');
}

/**
 * 绑定企业 after 实名认证: the enterprise must be in the directory (名录库) kept by the administrators,
 * and its 统一社会信用代码, name and legal representative must match. A 法人 account binds only to the
 * enterprise it was verified for. The 法人 account, or the first account to bind, manages the others.
 */
export async function bindEnterprise(
  ctx: AppContext,
  actor: Actor,
  input: { uscc: string; enterpriseName: string; legalRepresentative: string; industry: string },
  meta: RequestMeta,
) {
  requireEnterpriseUser(actor);
  const state = await findBindingState(ctx.db, actor.userId);
  if (!state) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
  if (state.enterprise_id)
    throw new AppError('CONFLICT', '该账号已绑定企业；如需更换，请联系本企业账号管理人解除绑定');
  const verification = await findVerification(ctx.db, actor.userId);
  if (!state.verified_at || !verification) throw new AppError('FORBIDDEN', '请先完成实名认证，再绑定企业');

  if (input.industry !== softwareIndustry) {
    throw refuse([
      { name: 'industry', reason: '本系统受理软件和信息技术服务业企业的填报，所属行业请选择“软件业”' },
    ]);
  }
  const usccCheck = checkUscc(input.uscc);
  if (!usccCheck.ok) throw refuse([{ name: 'uscc', reason: usccCheck.reason }]);
  const enterprise = await findDirectoryEnterpriseByUscc(ctx.db, input.uscc);
  if (!enterprise) {
    throw refuse([
      {
        name: 'uscc',
        reason: `企业名录库中没有统一社会信用代码为 ${input.uscc} 的企业，请核对，或联系所在区县的主管部门将企业纳入名录库`,
      },
    ]);
  }
  const mismatches: InvalidParam[] = [];
  if (normalizeName(enterprise.name) !== normalizeName(input.enterpriseName)) {
    mismatches.push({
      name: 'enterpriseName',
      reason: '企业名称与名录库登记的不一致，请按营业执照上的名称填写',
    });
  }
  if (normalizeName(enterprise.legal_representative) !== normalizeName(input.legalRepresentative)) {
    mismatches.push({ name: 'legalRepresentative', reason: '法定代表人姓名与名录库登记的不一致' });
  }
  if (verification.account_type === 'legal_person') {
    if (verification.uscc !== enterprise.uscc) {
      mismatches.push({
        name: 'uscc',
        reason: '法人账号只能绑定实名认证时填写的本企业（统一社会信用代码不一致）',
      });
    } else if (normalizeName(verification.real_name) !== normalizeName(enterprise.legal_representative)) {
      mismatches.push({
        name: 'legalRepresentative',
        reason: '实名认证的法定代表人与名录库登记的不一致，无法绑定',
      });
    }
  }
  if (mismatches.length > 0) throw refuse(mismatches);

  const now = ctx.now();
  const isManager =
    verification.account_type === 'legal_person' || !(await hasEnterpriseManager(ctx.db, enterprise.id));
  await ctx.db.transaction().execute(async (trx) => {
    const result = await bindUserToEnterprise(trx, actor.userId, {
      enterpriseId: enterprise.id,
      regionCode: enterprise.region_code,
      isManager,
      at: now,
    });
    if (result.numUpdatedRows === 0n) throw new AppError('CONFLICT', '该账号已绑定企业');
    await insertAuditEvent(trx, {
      actorUserId: actor.userId,
      action: 'account.bound',
      subjectType: 'user',
      subjectId: actor.userId,
      regionCode: enterprise.region_code,
      details: { enterpriseId: enterprise.id, uscc: enterprise.uscc, isManager },
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
  });
  return {
    enterprise: { id: enterprise.id, name: enterprise.name, uscc: enterprise.uscc },
    isEnterpriseManager: isManager,
  };
}

/** 企业账号: the accounts bound to the manager's enterprise. */
export async function listEnterpriseAccounts(ctx: AppContext, actor: Actor) {
  const manager = requireEnterpriseManager(actor);
  const rows = await listAccountsOfEnterprise(ctx.db, manager.enterpriseId);
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    maskedMobile: row.mobile ? maskMobile(row.mobile) : null,
    accountType: row.account_type,
    isEnterpriseManager: row.is_enterprise_manager,
    isDisabled: row.is_disabled,
    boundAt: row.bound_at?.toISOString() ?? null,
    isSelf: row.id === actor.userId,
  }));
}

/** The manager removes a filer account from the enterprise: it is unbound and signed out everywhere. */
export async function removeEnterpriseAccount(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  meta: RequestMeta,
) {
  requireEnterpriseManager(actor);
  const target = await findAccountBinding(ctx.db, userId);
  assertCanManageEnterpriseAccount(actor, target && { enterpriseId: target.enterprise_id });
  if (target.id === actor.userId) throw new AppError('CONFLICT', '不能移除账号管理人自己的账号');
  await ctx.db.transaction().execute(async (trx) => {
    await unbindUser(trx, target.id);
    await deleteSessionsOfUser(trx, target.id);
    await insertAuditEvent(trx, {
      actorUserId: actor.userId,
      action: 'account.unbound',
      subjectType: 'user',
      subjectId: target.id,
      regionCode: target.region_code,
      details: { enterpriseId: target.enterprise_id, username: target.username },
      requestId: meta.requestId,
      ip: meta.ip,
      at: ctx.now(),
    });
  });
}
