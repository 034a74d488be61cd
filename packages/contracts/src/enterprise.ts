import { getEdition } from '@zhibao/survey';
import { z } from 'zod';

/** The survey's industry codes (GB/T 4754-2017 小类 of 软件和信息技术服务业 and the internet services). */
const industryCodes = new Set(
  getEdition()
    .codeLists.find((list) => list.id === 'industry')!
    .entries.map((entry) => entry.code),
);

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const enterpriseDirectoryQuery = z.object({
  keyword: z.string().trim().max(50, '关键字不超过50个字').optional(),
  page: z.coerce.number().int('页码应为整数').min(1, '页码从1开始').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多200条').default(20),
});

const revenue = z
  .number({ error: '应为数字' })
  .min(0, '不能为负数')
  .max(1e9, '数值过大')
  .nullable()
  .default(null);

const enterpriseFields = z.object({
  uscc: z.string().trim().toUpperCase(),
  name: z.string().trim().min(2, '请填写企业名称').max(100, '企业名称不超过100个字'),
  regionCode: z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字'),
  legalRepresentative: z.string().trim().min(1, '请填写法定代表人').max(50, '法定代表人不超过50个字'),
  industryCode: z.string().regex(/^\d{4}$/, '行业代码应为4位数字（GB/T 4754）'),
  mainRevenue: revenue,
  softwareRevenue: revenue,
  icDesignRevenue: revenue,
  isSpecialActivity: z.boolean().default(false),
  sizeCode: z
    .enum(['1', '2', '3', '4'], { error: '企业规模应为 1大型 2中型 3小型 4微型' })
    .nullable()
    .default(null),
  isKeyEnterprise: z.boolean().default(false),
  hasAiBusiness: z.boolean().default(false),
  /** Manual 纳统 decision; null follows the scope rules. */
  scopeOverride: z.boolean().nullable().default(null),
  scopeOverrideReason: z.string().trim().max(500, '原因不超过500个字').nullable().default(null),
});

export const enterpriseBody = enterpriseFields.superRefine((input, issue) => {
  if (/^\d{4}$/.test(input.industryCode) && !industryCodes.has(input.industryCode)) {
    issue.addIssue({
      code: 'custom',
      path: ['industryCode'],
      message: `行业代码 ${input.industryCode} 不在调查制度的行业代码表中（GB/T 4754-2017 软件和信息技术服务业、互联网相关服务小类）`,
    });
  }
  for (const [field, label] of [
    ['softwareRevenue', '软件业务收入'],
    ['icDesignRevenue', '集成电路设计收入'],
  ] as const) {
    const part = input[field];
    if (part !== null && input.mainRevenue !== null && part > input.mainRevenue) {
      issue.addIssue({ code: 'custom', path: [field], message: `${label}不能大于主营业务收入` });
    }
    if (part !== null && input.mainRevenue === null) {
      issue.addIssue({
        code: 'custom',
        path: ['mainRevenue'],
        message: `填写${label}时请同时填写主营业务收入`,
      });
    }
  }
  if (input.scopeOverride !== null && !input.scopeOverrideReason) {
    issue.addIssue({
      code: 'custom',
      path: ['scopeOverrideReason'],
      message: '手工调整纳统标志时请填写原因',
    });
  }
});
export type EnterpriseInput = z.infer<typeof enterpriseBody>;

export const enterpriseParams = z.object({ enterpriseId: z.uuid('企业编号格式有误') });

export const importBody = z.object({
  fileName: z
    .string()
    .trim()
    .max(200)
    .regex(/\.xlsx$/i, '请上传 .xlsx 格式的名录文件'),
  contentBase64: z.string().min(1, '文件为空').max(2_000_000, '文件过大，请分批导入'),
});

export const importPreviewParams = z.object({ previewId: z.uuid('导入预览编号格式有误') });

// ── responses ───────────────────────────────────────────────────────────────────────────────

/** One enterprise of the 名录库 list (GET /api/admin/enterprises). */
export const directoryEntry = z.object({
  id: z.string(),
  uscc: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  industryCode: z.string(),
  sizeCode: z.string().nullable(),
  isInScope: z.boolean(),
  isScopeOverridden: z.boolean(),
  isKeyEnterprise: z.boolean(),
});
export type DirectoryEntry = z.infer<typeof directoryEntry>;

export const directoryPage = z.object({ items: z.array(directoryEntry), total: z.number() });

/** One enterprise of the 名录库 with what it is edited from (GET /api/admin/enterprises/:enterpriseId). */
export const enterpriseDetail = enterpriseFields.extend({
  id: z.string(),
  regionName: z.string(),
  isInScope: z.boolean(),
  /** What the scope rules alone decide (null: the facts do not decide), shown beside a manual override. */
  computedScope: z.object({ isInScope: z.boolean().nullable(), reason: z.string() }),
  /** Why the flag is what it is: the override's reason, or the rule and the figures. */
  scopeReason: z.string(),
});
export type EnterpriseDetail = z.infer<typeof enterpriseDetail>;
