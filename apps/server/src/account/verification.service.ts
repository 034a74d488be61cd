import { checkOrganizationCode, checkUscc } from '@zhibao/survey';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { AppError, type InvalidParam } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { useCaptcha } from './captcha.service.ts';
import { assertAcceptedDocument, type UploadedFile } from './document-file.ts';
import { describeIdentityNumberProblem } from './identity-number.ts';
import { readIdNumber } from './personal-data-columns.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import type { VerificationFields, VerificationStatus, VerificationSubmitted } from '@zhibao/contracts';
import {
  findConfirmedLegalPersonByUscc,
  findVerification,
  insertAccountDocument,
  insertVerification,
  markUserVerified,
} from './verification.repository.ts';

export const documentLabels: Record<string, string> = {
  identityDocument: '证件扫描件',
  businessLicense: '营业执照扫描件',
};

function refuse(params: InvalidParam[]): AppError {
  return new AppError('VALIDATION_FAILED', params.map((param) => param.reason).join('；'), params);
}

function chinaToday(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(now);
}

const duplicateLegalPerson = (uscc: string) =>
  `统一社会信用代码为 ${uscc} 的企业已注册过法人账号。一个企业只能有一个法人账号，无论该账号办理何种业务；` +
  '请改用自然人账号注册后绑定企业，或联系已注册法人账号的持有人';

/**
 * 实名认证: checks every field (the ID number by its type's rules, 统一社会信用代码 by GB 32100, the validity
 * period, the scans by parsing them) and records the verification as submitted, with the documents and the
 * audit row, in one transaction. Submitting opens nothing: the documents are checked by the administrator
 * together with the binding request (or by a registry check), which confirms the verification. A 法人 claim for
 * an enterprise whose 法人 account is already confirmed is refused, saying why.
 */
export async function submitVerification(
  ctx: AppContext,
  actor: Actor,
  fields: VerificationFields,
  files: Record<string, UploadedFile>,
  meta: RequestMeta,
): Promise<VerificationSubmitted> {
  authorizeActor(actor, 'verification.submit');
  if (await findVerification(ctx.db, actor.userId)) {
    throw new AppError('CONFLICT', '该账号已完成实名认证，无需重复认证');
  }
  await useCaptcha(ctx, fields);

  const now = ctx.now();
  const today = chinaToday(now);
  const problems: InvalidParam[] = [];
  const isLegal = fields.accountType === 'legal_person';
  const idType = isLegal ? fields.legalRepresentativeIdType : fields.idType;
  const idNumber = isLegal ? fields.legalRepresentativeIdNumber : fields.idNumber;
  const idField = isLegal ? 'legalRepresentativeIdNumber' : 'idNumber';
  const idProblem = describeIdentityNumberProblem(idType, idNumber, now);
  if (idProblem) problems.push({ name: idField, reason: idProblem });

  if (fields.validFrom > today) problems.push({ name: 'validFrom', reason: '证件有效起始日期不能晚于今天' });
  if (!fields.isPermanent) {
    if (!fields.validUntil) {
      problems.push({ name: 'validUntil', reason: '请选择证件有效结束日期，或勾选“永久期限”' });
    } else if (fields.validUntil <= fields.validFrom) {
      problems.push({ name: 'validUntil', reason: '证件有效结束日期应晚于起始日期' });
    } else if (fields.validUntil < today) {
      problems.push({ name: 'validUntil', reason: '证件已过有效期，请使用有效证件认证' });
    }
  }

  let uscc: string | null = null;
  if (isLegal) {
    uscc = fields.uscc;
    const result = uscc.length === 18 ? checkUscc(uscc) : checkOrganizationCode(uscc);
    if (!result.ok) problems.push({ name: 'uscc', reason: result.reason });
    if (!files.businessLicense) problems.push({ name: 'businessLicense', reason: '请上传营业执照扫描件' });
  }
  if (!files.identityDocument)
    problems.push({ name: 'identityDocument', reason: '请上传证件扫描件（包含证件正反面）' });
  if (problems.length > 0) throw refuse(problems);

  const mediaTypes: Record<string, string> = {};
  for (const [field, file] of Object.entries(files)) {
    mediaTypes[field] = await assertAcceptedDocument(file, field, documentLabels[field] ?? field);
  }
  if (uscc && (await findConfirmedLegalPersonByUscc(ctx.db, uscc))) {
    throw new AppError('CONFLICT', duplicateLegalPerson(uscc), [
      { name: 'uscc', reason: duplicateLegalPerson(uscc) },
    ]);
  }

  const realName = isLegal ? fields.legalRepresentativeName : fields.realName;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const cipher = personalDataCipher(ctx.config);
      const identityDocument = await insertAccountDocument(trx, cipher, {
        userId: actor.userId,
        kind: 'identity_document',
        fileName: files.identityDocument!.fileName,
        mediaType: mediaTypes.identityDocument!,
        content: files.identityDocument!.content,
      });
      const businessLicense = files.businessLicense
        ? await insertAccountDocument(trx, cipher, {
            userId: actor.userId,
            kind: 'business_license',
            fileName: files.businessLicense.fileName,
            mediaType: mediaTypes.businessLicense!,
            content: files.businessLicense.content,
          })
        : null;
      await insertVerification(trx, cipher, {
        userId: actor.userId,
        accountType: fields.accountType,
        realName,
        idType,
        idNumber,
        contactAddress: fields.contactAddress,
        validFrom: fields.validFrom,
        validUntil: fields.isPermanent ? null : (fields.validUntil ?? null),
        organizationType: isLegal ? fields.organizationType : null,
        uscc,
        organizationName: isLegal ? fields.organizationName : null,
        legalPersonType: isLegal ? fields.legalPersonType : null,
        identityDocumentId: identityDocument.id,
        businessLicenseId: businessLicense?.id ?? null,
        verifiedAt: now,
      });
      await markUserVerified(trx, actor.userId, {
        accountType: fields.accountType,
        displayName: realName,
        at: now,
      });
      await insertAuditEvent(trx, {
        actorUserId: actor.userId,
        action: 'account.verified',
        subjectType: 'user',
        subjectId: actor.userId,
        regionCode: null,
        details: { accountType: fields.accountType, ...(uscc ? { uscc } : {}) },
        requestId: meta.requestId,
        ip: meta.ip,
        at: now,
      });
    });
  } catch (error) {
    // The same account submitting twice at once: the primary key decides.
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', '该账号已提交实名认证，无需重复提交');
    }
    throw error;
  }
  return { accountType: fields.accountType, status: 'submitted', submittedAt: now.toISOString() };
}

/**
 * An ID number as shown: 110105********002X for a 身份证号 (the place of registration and the last four, what a
 * comparison with the scan needs), the first and last two of a shorter number.
 */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length >= 15) {
    return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
  }
  return idNumber.length <= 8
    ? '****'
    : `${idNumber.slice(0, 2)}${'*'.repeat(idNumber.length - 4)}${idNumber.slice(-2)}`;
}

/** 实名认证 status of the actor's own account, with the ID number masked. */
export async function getVerification(ctx: AppContext, actor: Actor): Promise<VerificationStatus> {
  authorizeActor(actor, 'verification.read');
  const row = await findVerification(ctx.db, actor.userId);
  if (!row) return { status: 'unverified' as const };
  const dateText = (value: Date | null) => (value ? chinaToday(value) : null);
  return {
    // Submitted: recorded, awaiting the review that comes with the binding request; confirmed: reviewed.
    status: row.review_status,
    accountType: row.account_type,
    realName: row.real_name,
    idType: row.id_type,
    maskedIdNumber: maskIdNumber(readIdNumber(personalDataCipher(ctx.config), row)),
    contactAddress: row.contact_address,
    validFrom: dateText(row.valid_from),
    validUntil: dateText(row.valid_until),
    isPermanent: row.valid_until === null,
    organizationType: row.organization_type,
    uscc: row.uscc,
    organizationName: row.organization_name,
    legalPersonType: row.legal_person_type,
    submittedAt: row.verified_at.toISOString(),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
  };
}
