import { z } from 'zod';
import { adminLevel } from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const mobileSchema = z
  .string({ error: '请输入手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入11位中国大陆手机号');

export const registrationCodeBody = z.object({
  mobile: mobileSchema,
  captchaId: z.string().max(64).optional(),
  captchaAnswer: z.string().max(16).optional(),
});

export const registrationBody = z.object({
  username: z
    .string({ error: '请输入用户名' })
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, '用户名为4至32位字母、数字或下划线，以字母开头'),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(128, '密码过长'),
  mobile: mobileSchema,
  smsCode: z
    .string({ error: '请输入短信验证码' })
    .trim()
    .regex(/^\d{6}$/, '短信验证码为6位数字'),
});

const username = z.string({ error: '请输入用户名' }).trim().min(1, '请输入用户名').max(64, '用户名过长');
const password = z.string({ error: '请输入密码' }).min(1, '请输入密码').max(128, '密码过长');

// Required on both steps once the username has failed repeatedly (the server says so with a `captcha` field).
const captchaId = z.string().max(64).optional();
const captchaAnswer = z.string().max(16).optional();

export const logInBody = z.object({
  username,
  password,
  captchaId,
  captchaAnswer,
  // Optional in the schema so that a wrong password is answered as such before the code is asked for.
  smsCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '短信验证码为6位数字')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export const loginCodeBody = z.object({
  username,
  password,
  captchaId,
  captchaAnswer,
});

/** Step 1 of the login as the web sends it. */
export type LoginCodeRequest = z.input<typeof loginCodeBody>;

export const adminAccountBody = z.object({
  username: z
    .string({ error: '请输入登录名' })
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, '登录名为4至32位字母、数字或下划线，以字母开头'),
  displayName: z
    .string({ error: '请输入单位或姓名' })
    .trim()
    .min(1, '请输入单位或姓名')
    .max(50, '名称不能超过50个字'),
  mobile: mobileSchema,
  regionCode: z.string({ error: '请选择地区' }).regex(/^\d{6}$/, '请选择地区'),
  password: z.string({ error: '请设置初始密码' }).min(1, '请设置初始密码').max(128),
});

export const adminAccountParams = z.object({ userId: z.uuid('账号编号格式不正确') });

/** 账号审计日志's filter and page. */
export const auditEventsQuery = z.object({
  action: z
    .string()
    .regex(/^account\.[a-z_]+$/, '操作类型不正确')
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** An account of the manager's enterprise. */
export const enterpriseAccountParams = z.object({ userId: z.uuid('账号编号格式不正确') });

export const documentParams = z.object({ documentId: z.uuid('文件编号格式不正确') });
/** The kind of a renewed scan the account uploads. */
export const uploadedDocumentKind = z.enum(['identity_document', 'business_license'], {
  error: '请选择证件类型',
});

export const adminAccountStatusBody = z.object({ isDisabled: z.boolean({ error: '请指明停用或启用' }) });

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过${max}个字`)
    .transform((value) => value || null)
    .nullable()
    .optional();

export const enterpriseNatures = [
  'state_owned',
  'collective',
  'private',
  'foreign_funded',
  'hk_macao_taiwan_funded',
  'other',
] as const;
export type EnterpriseNature = (typeof enterpriseNatures)[number];
export const economicTypes = ['domestic', 'hk_macao_taiwan', 'foreign'] as const;
export type EconomicType = (typeof economicTypes)[number];

/** 修改基本信息 (登录名 is shown but not changed: it is how the person logs in). */
export const profileBody = z.object({
  email: z
    .string({ error: '请填写电子邮箱' })
    .trim()
    .min(1, '请填写电子邮箱')
    .max(100, '电子邮箱过长')
    .pipe(z.email('电子邮箱格式不正确')),
  contactAddress: optionalText('联系地址', 200),
  enterpriseNature: z.enum(enterpriseNatures, { error: '请选择企业性质' }).nullable().optional(),
  economicType: z.enum(economicTypes, { error: '请选择经济类型' }).nullable().optional(),
  employeeCount: z
    .number({ error: '职工总数应为整数' })
    .int('职工总数应为整数')
    .min(0, '职工总数不能为负数')
    .max(10_000_000, '职工总数过大')
    .nullable()
    .optional(),
  registeredAddress: optionalText('企业工商注册地址', 200),
  postalCode: z
    .string()
    .trim()
    .regex(/^(\d{6})?$/, '注册地址邮编应为6位数字')
    .transform((value) => value || null)
    .nullable()
    .optional(),
});

export const passwordChangeBody = z.object({
  oldPassword: z.string({ error: '请输入原密码' }).min(1, '请输入原密码').max(128),
  newPassword: z.string({ error: '请输入新密码' }).min(1, '请输入新密码').max(128),
});

export const mobileCodesBody = z.object({ newMobile: mobileSchema });

export const mobileChangeBody = z.object({
  newMobile: mobileSchema,
  oldMobileCode: z
    .string({ error: '请输入原手机号收到的验证码' })
    .trim()
    .regex(/^\d{6}$/, '验证码为6位数字'),
  newMobileCode: z
    .string({ error: '请输入新手机号收到的验证码' })
    .trim()
    .regex(/^\d{6}$/, '验证码为6位数字'),
});

// ── responses ───────────────────────────────────────────────────────────────────────────────

export const userRole = z.enum(['enterprise', 'admin']);
export type UserRole = z.infer<typeof userRole>;

export const accountType = z.enum(['natural_person', 'legal_person']);
export type AccountType = z.infer<typeof accountType>;

/** The signed-in user. */
export const currentUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: userRole,
  adminLevel: adminLevel.nullable(),
  region: z.object({ code: z.string(), name: z.string() }),
  enterprise: z.object({ id: z.string(), name: z.string(), uscc: z.string() }).nullable(),
  /** 自然人 or 法人, chosen at real-name verification; null before it and for administrators. */
  accountType: accountType.nullable(),
  isVerified: z.boolean(),
  isEnterpriseManager: z.boolean(),
  /** The registered mobile, masked (138****8001). */
  maskedMobile: z.string().nullable(),
  /** Signed in with a password moved in from the old platform: a new one must be set before anything else. */
  mustChangePassword: z.boolean(),
});
export type CurrentUser = z.infer<typeof currentUser>;

/** The answer to logging in, registering and GET /api/session. */
export const sessionAnswer = z.object({ user: currentUser, csrfToken: z.string() });
export type SessionAnswer = z.infer<typeof sessionAnswer>;

/** The answer to asking for an SMS code. */
export const sentCode = z.object({
  maskedMobile: z.string().optional(),
  expiresInSeconds: z.number(),
  resendAfterSeconds: z.number(),
});
export type SentCode = z.infer<typeof sentCode>;

/** The demo accounts shown on the login page when the server runs in demo mode. */
export const demoInfo = z.object({
  accounts: z.array(
    z.object({ username: z.string(), password: z.string(), roleLabel: z.string(), regionName: z.string() }),
  ),
  /** Where SMS codes can be read in development (no real SMS gateway); null otherwise. */
  smsOutboxPath: z.string().nullable(),
});
export type DemoInfo = z.infer<typeof demoInfo>;
export type DemoAccount = DemoInfo['accounts'][number];

/** An image captcha (POST /api/captchas). */
export const captcha = z.object({ captchaId: z.string(), svg: z.string() });
export type Captcha = z.infer<typeof captcha>;

/** 基本信息 of the signed-in account (GET /api/account/profile). */
export const profile = z.object({
  username: z.string(),
  displayName: z.string(),
  maskedMobile: z.string().nullable(),
  email: z.string().nullable(),
  contactAddress: z.string().nullable(),
  enterpriseNature: z.string().nullable(),
  economicType: z.string().nullable(),
  employeeCount: z.number().nullable(),
  registeredAddress: z.string().nullable(),
  postalCode: z.string().nullable(),
  registeredAt: z.string(),
});
export type Profile = z.infer<typeof profile>;

/** The answer to asking for the codes of a mobile change: one to the old number, one to the new. */
export const mobileChangeCodes = sentCode.extend({
  oldMaskedMobile: z.string(),
  newMaskedMobile: z.string(),
});
export type MobileChangeCodes = z.infer<typeof mobileChangeCodes>;

export const accountDocumentKind = z.enum(['identity_document', 'business_license', 'authorization_letter']);
export type AccountDocumentKind = z.infer<typeof accountDocumentKind>;

/** A scan the account uploaded (GET /api/account/documents). */
export const accountDocument = z.object({
  id: z.string(),
  kind: accountDocumentKind,
  fileName: z.string(),
  mediaType: z.string(),
  byteSize: z.number(),
  uploadedAt: z.string(),
});
export type AccountDocument = z.infer<typeof accountDocument>;

/** An account of the manager's enterprise (GET /api/account/enterprise-accounts). */
export const enterpriseAccount = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  maskedMobile: z.string().nullable(),
  accountType: accountType.nullable(),
  isEnterpriseManager: z.boolean(),
  isDisabled: z.boolean(),
  boundAt: z.string().nullable(),
  isSelf: z.boolean(),
});
export type EnterpriseAccount = z.infer<typeof enterpriseAccount>;

/** An administrator account below the actor (GET /api/admin/accounts). */
export const adminAccountView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  maskedMobile: z.string().nullable(),
  adminLevel: adminLevel.nullable(),
  region: z.object({ code: z.string(), name: z.string() }),
  isDisabled: z.boolean(),
  canManage: z.boolean(),
  createdAt: z.string(),
});
export type AdminAccountView = z.infer<typeof adminAccountView>;

/** A division an administrator account may be created for (GET /api/admin/accounts/regions). */
export const assignableRegion = z.object({ code: z.string(), name: z.string(), adminLevel });
export type AssignableRegion = z.infer<typeof assignableRegion>;

/** One row of 账号审计日志 (GET /api/admin/audit-events). */
export const auditEventView = z.object({
  id: z.string(),
  action: z.string(),
  actorUsername: z.string().nullable(),
  subjectType: z.string(),
  subjectId: z.string(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  at: z.string(),
});
export type AuditEventView = z.infer<typeof auditEventView>;

/** A text of the development SMS outbox (GET /api/dev/sms-outbox, outside production only). */
export const smsOutboxMessage = z.object({
  id: z.string(),
  mobile: z.string(),
  text: z.string(),
  sentAt: z.string(),
});
export type SmsOutboxMessage = z.infer<typeof smsOutboxMessage>;
