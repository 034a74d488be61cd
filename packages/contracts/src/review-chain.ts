import { z } from 'zod';
import { adminLevel, isoDateTime } from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const provinceParams = z.object({
  provinceCode: z.string().regex(/^\d{2}0000$/, '省级地区代码应为6位数字，以0000结尾'),
});

export const updateReviewChainBody = z.object({
  levels: z
    .array(
      z.object({
        level: adminLevel,
        isEnabled: z.boolean(),
        delegatedTo: z
          .string()
          .trim()
          .max(50, '受委托单位名称不超过50个字')
          .nullish()
          .transform((value) => value || null),
        reviewDays: z
          .number()
          .int('审核天数应为整数')
          .min(1, '审核天数至少1天')
          .max(60, '审核天数不超过60天'),
      }),
    )
    .min(1, '请设置审核层级')
    .max(4),
});
export type UpdateReviewChainInput = z.infer<typeof updateReviewChainBody>;
/** One level as the web sends it. */
export type ReviewChainLevelInput = UpdateReviewChainInput['levels'][number];

// ── responses ───────────────────────────────────────────────────────────────────────────────

export const reviewChainLevelView = z.object({
  level: adminLevel,
  isEnabled: z.boolean(),
  /** 区县 and 部 always review; only the levels between may be skipped. */
  isRequired: z.boolean(),
  delegatedTo: z.string().nullable(),
  reviewDays: z.number(),
  /** Submitted filings of the province waiting at this level now (a level with some cannot be skipped). */
  waitingFilings: z.number(),
});
export type ReviewChainLevelView = z.infer<typeof reviewChainLevelView>;

/** 审核层级设置 of one province. */
export const reviewChainView = z.object({
  provinceCode: z.string(),
  provinceName: z.string(),
  isMunicipality: z.boolean(),
  isDefault: z.boolean(),
  canEdit: z.boolean(),
  updatedAt: isoDateTime.nullable(),
  updatedBy: z.string().nullable(),
  levels: z.array(reviewChainLevelView),
});
export type ReviewChainView = z.infer<typeof reviewChainView>;

export const reviewChains = z.object({ items: z.array(reviewChainView) });
