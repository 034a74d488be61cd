import { z } from 'zod';

export const provinceParams = z.object({
  provinceCode: z.string().regex(/^\d{2}0000$/, '省级地区代码应为6位数字，以0000结尾'),
});

export const updateReviewChainBody = z.object({
  levels: z
    .array(
      z.object({
        level: z.enum(['county', 'city', 'province', 'ministry']),
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
