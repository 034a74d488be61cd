import type { AccountDocument, MobileChangeCodes, Profile } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { notFound, AppError } from '../http/app-error.ts';
import type { AppContext } from '../app-context.ts';
import type { AccountDocumentKind } from '../db/schema.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { maskMobile, maskStoredMobile, openMobile } from '../personal-data/sealed-mobile.ts';
import { sendSmsCode, useSmsCode } from '../sms/sms-code.service.ts';
import type { AuditAction, AuditDetails } from '../audit/audit-actions.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { assertAcceptedDocument, type UploadedFile } from './document-file.ts';
import { hashPassword, isPasswordCorrect } from './password.ts';
import { assertStrongPassword } from './password-policy.ts';
import {
  findAccountProfile,
  findDocument,
  listDocumentsOfUser,
  upsertAccountProfile,
} from './profile.repository.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import { findPasswordHash, findUserByMobile, updateMobile, updatePasswordHash } from './user.repository.ts';
import { insertAccountDocument } from './verification.repository.ts';
import { readStoredDocument } from './personal-data-columns.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';

// Every function here acts on the actor's own account only: the actor's id is the one key used, so
// no other account can be named. That is the whole access rule of the user centre.

function auditOwn<A extends AuditAction>(
  actor: Actor,
  meta: RequestMeta,
  action: A,
  at: Date,
  details?: AuditDetails<A>,
) {
  return {
    actorUserId: actor.userId,
    action,
    subjectType: 'user' as const,
    subjectId: actor.userId,
    regionCode: actor.role === 'enterprise' && !actor.enterpriseId ? null : actor.regionCode,
    details,
    requestId: meta.requestId,
    ip: meta.ip,
    at,
  };
}

/** 基本信息 of the actor's own account. */
export async function getProfile(ctx: AppContext, actor: Actor): Promise<Profile> {
  authorizeActor(actor, 'profile.read');
  const row = await findAccountProfile(ctx.db, actor.userId);
  if (!row) throw notFound('账号');
  return {
    username: row.username,
    displayName: row.display_name,
    maskedMobile: maskStoredMobile(personalDataCipher(ctx.config), row),
    email: row.email ?? null,
    contactAddress: row.contact_address ?? null,
    enterpriseNature: row.enterprise_nature ?? null,
    economicType: row.economic_type ?? null,
    employeeCount: row.employee_count ?? null,
    registeredAddress: row.registered_address ?? null,
    postalCode: row.postal_code ?? null,
    registeredAt: row.created_at.toISOString(),
  };
}

/** 修改基本信息. */
export async function updateProfile(
  ctx: AppContext,
  actor: Actor,
  input: {
    email: string;
    contactAddress?: string | null;
    enterpriseNature?: string | null;
    economicType?: string | null;
    employeeCount?: number | null;
    registeredAddress?: string | null;
    postalCode?: string | null;
  },
  meta: RequestMeta,
) {
  authorizeActor(actor, 'profile.update');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await upsertAccountProfile(
      trx,
      actor.userId,
      {
        email: input.email,
        contactAddress: input.contactAddress ?? null,
        enterpriseNature: input.enterpriseNature ?? null,
        economicType: input.economicType ?? null,
        employeeCount: input.employeeCount ?? null,
        registeredAddress: input.registeredAddress ?? null,
        postalCode: input.postalCode ?? null,
      },
      now,
    );
    await insertAuditEvent(trx, auditOwn(actor, meta, 'account.profile_updated', now));
  });
  return getProfile(ctx, actor);
}

/** 修改密码: needs the old password; every other session of the account ends. */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: { oldPassword: string; newPassword: string },
  meta: RequestMeta & { sessionId: string },
) {
  authorizeActor(actor, 'profile.update');
  const stored = await findPasswordHash(ctx.db, actor.userId);
  if (!stored) throw notFound('账号');
  if (!(await isPasswordCorrect(stored.password_hash, input.oldPassword))) {
    throw new AppError('VALIDATION_FAILED', '原密码不正确', [
      { name: 'oldPassword', reason: '原密码不正确' },
    ]);
  }
  assertStrongPassword(input.newPassword, actor.username, 'newPassword');
  if (input.newPassword === input.oldPassword) {
    throw new AppError('VALIDATION_FAILED', '新密码不能与原密码相同', [
      { name: 'newPassword', reason: '新密码不能与原密码相同' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, actor.userId, passwordHash, now);
    await deleteSessionsOfUser(trx, actor.userId, meta.sessionId);
    await insertAuditEvent(trx, auditOwn(actor, meta, 'account.password_changed', now));
  });
}

async function currentMobile(ctx: AppContext, actor: Actor): Promise<string> {
  const row = await findAccountProfile(ctx.db, actor.userId);
  const mobile = row && openMobile(personalDataCipher(ctx.config), row);
  if (!mobile) throw new AppError('CONFLICT', '账号未登记手机号，请联系上级管理员');
  return mobile;
}

const mobileTakenNotice =
  '【直报】有人申请将此手机号设为直报系统登录手机号，但此号码已是其他直报账号的登录手机号，申请不会生效。如非本人操作，请忽略本短信。';

/** 修改手机号, step 1: a code to the registered number and one to the new number. */
export async function requestMobileChangeCodes(
  ctx: AppContext,
  actor: Actor,
  newMobile: string,
  meta: RequestMeta,
): Promise<MobileChangeCodes> {
  authorizeActor(actor, 'profile.update');
  const oldMobile = await currentMobile(ctx, actor);
  if (newMobile === oldMobile) {
    throw new AppError('VALIDATION_FAILED', '新手机号与原手机号相同', [
      { name: 'newMobile', reason: '新手机号与原手机号相同' },
    ]);
  }
  // A number that already has an account gets a notice instead of a code, and the answer is the same as for
  // a free one: anyone can register, so this step must not tell an account whose number is taken.
  const isTaken = (await findUserByMobile(ctx.db, personalDataCipher(ctx.config), newMobile)) !== undefined;
  await sendSmsCode(ctx, {
    mobile: oldMobile,
    purpose: 'change_mobile_old',
    ip: meta.ip,
    field: 'oldMobileCode',
  });
  const sent = await sendSmsCode(ctx, {
    mobile: newMobile,
    purpose: 'change_mobile_new',
    ip: meta.ip,
    field: 'newMobileCode',
    ...(isTaken ? { noticeInsteadOfCode: mobileTakenNotice } : {}),
  });
  return { oldMaskedMobile: maskMobile(oldMobile), newMaskedMobile: maskMobile(newMobile), ...sent };
}

/** 修改手机号, step 2: both codes right, then the new number becomes the login number. */
export async function changeMobile(
  ctx: AppContext,
  actor: Actor,
  input: { newMobile: string; oldMobileCode: string; newMobileCode: string },
  meta: RequestMeta,
) {
  authorizeActor(actor, 'profile.update');
  const oldMobile = await currentMobile(ctx, actor);
  await useSmsCode(ctx, {
    mobile: oldMobile,
    purpose: 'change_mobile_old',
    code: input.oldMobileCode,
    field: 'oldMobileCode',
  });
  await useSmsCode(ctx, {
    mobile: input.newMobile,
    purpose: 'change_mobile_new',
    code: input.newMobileCode,
    field: 'newMobileCode',
  });
  if (await findUserByMobile(ctx.db, personalDataCipher(ctx.config), input.newMobile)) {
    throw new AppError('CONFLICT', '该手机号已被其他账号使用', [
      { name: 'newMobile', reason: '该手机号已被其他账号使用' },
    ]);
  }
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await updateMobile(trx, personalDataCipher(ctx.config), actor.userId, input.newMobile);
    await insertAuditEvent(
      trx,
      auditOwn(actor, meta, 'account.mobile_changed', now, {
        from: maskMobile(oldMobile),
        to: maskMobile(input.newMobile),
      }),
    );
  });
  return { maskedMobile: maskMobile(input.newMobile) };
}

/** 上传证件: the account's own scans, newest first. */
export async function listDocuments(ctx: AppContext, actor: Actor): Promise<AccountDocument[]> {
  authorizeActor(actor, 'document.list');
  const rows = await listDocumentsOfUser(ctx.db, actor.userId);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    fileName: row.file_name,
    mediaType: row.media_type,
    byteSize: row.byte_size,
    uploadedAt: row.created_at.toISOString(),
  }));
}

export const documentKindLabels: Record<AccountDocumentKind, string> = {
  identity_document: '证件扫描件',
  business_license: '营业执照扫描件',
  authorization_letter: '授权委托书扫描件',
};

/** 上传证件: a renewed scan (e.g. after the old card expired), checked by content like at verification. */
export async function uploadDocument(
  ctx: AppContext,
  actor: Actor,
  kind: AccountDocumentKind,
  file: UploadedFile | undefined,
  meta: RequestMeta,
) {
  authorizeActor(actor, 'document.upload');
  if (!file)
    throw new AppError('VALIDATION_FAILED', '请选择要上传的文件', [
      { name: 'file', reason: '请选择要上传的文件' },
    ]);
  const mediaType = await assertAcceptedDocument(file, 'file', documentKindLabels[kind]);
  const now = ctx.now();
  const document = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertAccountDocument(trx, personalDataCipher(ctx.config), {
      userId: actor.userId,
      kind,
      fileName: file.fileName,
      mediaType,
      content: file.content,
    });
    await insertAuditEvent(
      trx,
      auditOwn(actor, meta, 'account.document_uploaded', now, { kind, documentId: inserted.id }),
    );
    return inserted;
  });
  return { id: document.id };
}

/** One of the actor's own scans; anyone else's reads as not found. */
export async function downloadDocument(ctx: AppContext, actor: Actor, documentId: string) {
  authorizeActor(actor, 'document.read');
  const row = await findDocument(ctx.db, documentId);
  authorize(actor, 'document.read', row && { userId: row.user_id });
  return {
    fileName: row.file_name,
    mediaType: row.media_type,
    content: readStoredDocument(ctx, row),
  };
}
