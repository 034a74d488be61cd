import { z } from 'zod';

/** The kinds of identity document; the format rules of each are the server's `account/identity-number.ts`. */
export const identityNumberTypes = [
  'resident_id',
  'passport',
  'foreign_passport',
  'hk_macao_permit',
  'taiwan_permit',
  'hmt_residence_permit',
  'foreign_permanent_residence',
] as const;

export type IdentityNumberType = (typeof identityNumberTypes)[number];

export const idTypes = identityNumberTypes;
export const organizationTypes = [
  'domestic_enterprise',
  'domestic_institution',
  'foreign_enterprise',
] as const;
export type OrganizationType = (typeof organizationTypes)[number];
export const legalPersonTypes = [
  'enterprise_legal_person',
  'institution_legal_person',
  'social_organization',
  'other',
] as const;
export type LegalPersonType = (typeof legalPersonTypes)[number];

const date = (label: string) =>
  z.string({ error: `请选择${label}` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`);
const text = (label: string, max = 100) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}个字`);

const common = {
  contactAddress: text('联系地址', 200),
  validFrom: date('证件有效起始日期'),
  validUntil: date('证件有效结束日期')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  isPermanent: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
  declaration: z.literal('true', { error: '请阅读并勾选“本人保证”声明' }),
  captchaId: z.string().max(64).optional(),
  captchaAnswer: z.string().max(16).optional(),
};

/** The 实名认证 form; 法人 adds the organization and its legal representative. */
export const verificationFields = z.discriminatedUnion(
  'accountType',
  [
    z.object({
      accountType: z.literal('natural_person'),
      realName: text('真实姓名', 50),
      idType: z.enum(idTypes, { error: '请选择证件类型' }),
      idNumber: text('证件号', 30).transform((value) => value.toUpperCase()),
      ...common,
    }),
    z.object({
      accountType: z.literal('legal_person'),
      organizationType: z.enum(organizationTypes, { error: '请选择企业或机构类型' }),
      uscc: text('统一社会信用代码', 18).transform((value) => value.toUpperCase()),
      organizationName: text('法人企业或机构名称', 100),
      legalPersonType: z.enum(legalPersonTypes, { error: '请选择法人类型' }),
      legalRepresentativeName: text('法定代表人姓名', 50),
      legalRepresentativeIdType: z.enum(idTypes, { error: '请选择法定代表人证件类型' }),
      legalRepresentativeIdNumber: text('法定代表人证件号', 30).transform((value) => value.toUpperCase()),
      ...common,
    }),
  ],
  { error: '请选择用户类型（自然人或法人）' },
);

export type VerificationFields = z.infer<typeof verificationFields>;

// ── responses ───────────────────────────────────────────────────────────────────────────────

/** 实名认证 of the signed-in account (GET /api/account/verification); only `status` before any is submitted. */
export const verificationStatus = z.object({
  /** submitted: recorded, checked by the administrator with the binding request; confirmed: reviewed. */
  status: z.enum(['unverified', 'submitted', 'confirmed']),
  accountType: z.enum(['natural_person', 'legal_person']).optional(),
  realName: z.string().optional(),
  idType: z.string().optional(),
  maskedIdNumber: z.string().optional(),
  contactAddress: z.string().optional(),
  validFrom: z.string().nullable().optional(),
  validUntil: z.string().nullable().optional(),
  isPermanent: z.boolean().optional(),
  organizationType: z.string().nullable().optional(),
  uscc: z.string().nullable().optional(),
  organizationName: z.string().nullable().optional(),
  legalPersonType: z.string().nullable().optional(),
  submittedAt: z.string().optional(),
  confirmedAt: z.string().nullable().optional(),
});
export type VerificationStatus = z.infer<typeof verificationStatus>;

/** The answer to submitting 实名认证. */
export const verificationSubmitted = z.object({
  accountType: z.enum(['natural_person', 'legal_person']),
  status: z.literal('submitted'),
  submittedAt: z.string(),
});
export type VerificationSubmitted = z.infer<typeof verificationSubmitted>;
