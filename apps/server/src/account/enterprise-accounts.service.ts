import type { EnterpriseAccount } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { maskStoredMobile } from '../personal-data/sealed-mobile.ts';
import { enqueueSideEffects } from '../outbox/side-effects.ts';
import { bindingSms, bindingSmsTemplates } from './binding-sms.ts';
import { findAccountBinding, listAccountsOfEnterprise, unbindUser } from './binding.repository.ts';
import { deleteSessionsOfUser } from './session.repository.ts';

/** 企业账号: the accounts bound to the manager's enterprise. */
export async function listEnterpriseAccounts(ctx: AppContext, actor: Actor): Promise<EnterpriseAccount[]> {
  const manager = authorizeActor(actor, 'enterprise-account.list');
  const rows = await listAccountsOfEnterprise(ctx.db, manager.enterpriseId);
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    maskedMobile: maskStoredMobile(personalDataCipher(ctx.config), row),
    accountType: row.account_type,
    isEnterpriseManager: row.is_enterprise_manager,
    isDisabled: row.is_disabled,
    boundAt: row.bound_at?.toISOString() ?? null,
    isSelf: row.id === actor.userId,
  }));
}

/**
 * The manager removes a filer account from the enterprise: it is unbound and signed out everywhere, the removal
 * is recorded in the audit trail, and the removed person is told by SMS (fixed wording) after commit. Anyone but
 * the enterprise's manager is refused.
 */
export async function removeEnterpriseAccount(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  meta: RequestMeta,
) {
  authorizeActor(actor, 'enterprise-account.remove');
  const target = await findAccountBinding(ctx.db, userId);
  authorize(actor, 'enterprise-account.remove', target && { enterpriseId: target.enterprise_id });
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
    await enqueueSideEffects(trx, [bindingSms([target], bindingSmsTemplates.removed)]);
  });
  ctx.outbox?.wake();
}
