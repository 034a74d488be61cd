import type {
  EnterpriseAccountForAdmin,
  MobileResetAnswer,
  MobileResetCodeAnswer,
  MobileResetRequest,
} from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { findEnterpriseById } from '../enterprise/enterprise.repository.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { enqueueSideEffects } from '../outbox/side-effects.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { maskMobile, maskStoredMobile, openMobile, sealMobile } from '../personal-data/sealed-mobile.ts';
import { checkSmsCode, consumeCheckedSmsCode, sendSmsCode } from '../sms/sms-code.service.ts';
import { findEnterpriseAccountForReset, listAccountsForReset } from './mobile-reset.repository.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import { findUserByMobile, lockMobileForAccounts, updateMobile } from './user.repository.ts';

// 更换手机号 when the old phone is lost, so the person cannot receive the old number's code that 修改手机号
// needs: someone who knows the person does it for them once the new number has answered a code. The enterprise's
// account manager does it for its filers; an administrator of the enterprise's region for any of its accounts
// (the manager's own included, who has nobody above in the enterprise). Every session of the account ends (the
// lost phone may hold one), the audit trail records who did it, and the enterprise's notice board and both
// numbers are told.

type ResetBy = 'manager' | 'administrator';
type ResetTarget = NonNullable<Awaited<ReturnType<typeof findEnterpriseAccountForReset>>>;

async function loadTarget(ctx: AppContext, actor: Actor, userId: string, by: ResetBy): Promise<ResetTarget> {
  if (by === 'manager') {
    authorizeActor(actor, 'enterprise-account.reset-mobile');
    const target = await findEnterpriseAccountForReset(ctx.db, userId);
    authorize(actor, 'enterprise-account.reset-mobile', target && { enterpriseId: target.enterprise_id });
    if (target.id === actor.userId) {
      throw new AppError(
        'CONFLICT',
        '账号管理人本人的手机号无法自行更换：原手机号可用时请在“修改手机号”中更换，原手机号丢失请联系所在地区管理员',
      );
    }
    return target;
  }
  authorizeActor(actor, 'account.reset-mobile');
  const target = await findEnterpriseAccountForReset(ctx.db, userId);
  authorize(
    actor,
    'account.reset-mobile',
    target?.enterprise_id
      ? { id: target.enterprise_id, regionCode: target.enterprise_region_code }
      : undefined,
  );
  return target!;
}

const mobileTakenNotice =
  '【直报】有人申请将此手机号设为直报系统登录手机号，但此号码已是其他直报账号的登录手机号，申请不会生效。如非本人操作，请忽略本短信。';

const smsToOldNumber =
  '【直报】您的直报系统登录手机号已由他人代为更换，此号码不再用于登录。如非本人申请，请立即联系企业账号管理人或所在地区主管部门。';
const smsToNewNumber = '【直报】此号码已设为您的直报系统登录手机号，请使用此号码接收登录验证码。';

/** Step 1: a code to the new number (a number already in use gets a notice instead, and the same answer). */
export async function requestMobileResetCode(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  newMobile: string,
  by: ResetBy,
  meta: RequestMeta,
): Promise<MobileResetCodeAnswer> {
  const target = await loadTarget(ctx, actor, userId, by);
  const cipher = personalDataCipher(ctx.config);
  if (openMobile(cipher, target) === newMobile) {
    throw new AppError('VALIDATION_FAILED', '新手机号与原手机号相同', [
      { name: 'newMobile', reason: '新手机号与原手机号相同' },
    ]);
  }
  const isTaken = (await findUserByMobile(ctx.db, cipher, newMobile)) !== undefined;
  const sent = await sendSmsCode(ctx, {
    mobile: newMobile,
    purpose: 'manager_reset_mobile',
    ip: meta.ip,
    field: 'newMobileCode',
    ...(isTaken ? { noticeInsteadOfCode: mobileTakenNotice } : {}),
  });
  return { newMaskedMobile: maskMobile(newMobile), ...sent };
}

/** Step 2: the new number's code, then the number changes, the account is signed out everywhere, all recorded. */
export async function resetMobile(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  input: MobileResetRequest,
  by: ResetBy,
  meta: RequestMeta,
): Promise<MobileResetAnswer> {
  const target = await loadTarget(ctx, actor, userId, by);
  const newMobile = input.newMobile.trim();
  const codeId = await checkSmsCode(ctx, {
    mobile: newMobile,
    purpose: 'manager_reset_mobile',
    code: input.newMobileCode,
    field: 'newMobileCode',
  });
  const now = ctx.now();
  const cipher = personalDataCipher(ctx.config);
  await ctx.db.transaction().execute(async (trx) => {
    await lockMobileForAccounts(trx, newMobile);
    if (await findUserByMobile(trx, cipher, newMobile)) {
      throw new AppError('CONFLICT', '该手机号已被其他账号使用', [
        { name: 'newMobile', reason: '该手机号已被其他账号使用' },
      ]);
    }
    await consumeCheckedSmsCode(trx, { id: codeId, field: 'newMobileCode', now });
    await updateMobile(trx, cipher, target.id, newMobile);
    await deleteSessionsOfUser(trx, target.id);
    const from = maskStoredMobile(cipher, target);
    const to = maskMobile(newMobile);
    await insertAuditEvent(trx, {
      actorUserId: actor.userId,
      action: 'account.mobile_reset',
      subjectType: 'user',
      subjectId: target.id,
      regionCode: target.enterprise_region_code,
      details: { by, username: target.username, enterpriseId: target.enterprise_id!, from, to },
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
    const byLabel = by === 'manager' ? '企业账号管理人' : '所在地区管理员';
    await enqueueSideEffects(trx, [
      {
        kind: 'notice',
        notice: {
          enterpriseId: target.enterprise_id!,
          kind: 'account-mobile-reset',
          title: `账号 ${target.username} 的登录手机号已更换`,
          body: `因原手机号无法使用，${byLabel}（${actor.username}）已将账号 ${target.username} 的登录手机号由 ${from ?? '未登记'} 更换为 ${to}，该账号已在所有设备上退出登录。如非本人申请，请立即联系所在地区主管部门。`,
          sentBy: actor.userId,
        },
      },
      { kind: 'sms', mobiles: [target], text: smsToOldNumber },
      { kind: 'sms', mobiles: [sealMobile(cipher, newMobile)], text: smsToNewNumber },
    ]);
  });
  ctx.outbox?.wake();
  return { maskedMobile: maskMobile(newMobile) };
}

/** The accounts of an enterprise in the administrator's region, for 更换手机号 on their behalf. */
export async function listEnterpriseAccountsForAdmin(
  ctx: AppContext,
  actor: Actor,
  enterpriseId: string,
): Promise<EnterpriseAccountForAdmin[]> {
  authorizeActor(actor, 'enterprise.read');
  const enterprise = await findEnterpriseById(ctx.db, enterpriseId);
  authorize(
    actor,
    'enterprise.read',
    enterprise && { id: enterprise.id, regionCode: enterprise.region_code },
  );
  const rows = await listAccountsForReset(ctx.db, enterpriseId);
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    maskedMobile: maskStoredMobile(personalDataCipher(ctx.config), row),
    isEnterpriseManager: row.is_enterprise_manager,
    isDisabled: row.is_disabled,
  }));
}
