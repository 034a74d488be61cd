import { z } from 'zod';

export const filingParams = z.object({ filingId: z.uuid('报表编号格式有误') });
export const changeRequestParams = z.object({ changeRequestId: z.uuid('更正申请编号格式有误') });

export const applyForChangeBody = z.object({
  reason: z
    .string('请填写更正理由')
    .trim()
    .min(5, '更正理由至少5个字，请写明要更正的内容和原因')
    .max(1000, '更正理由不超过1000个字'),
});

export const grantChangeBody = z.object({
  note: z
    .string()
    .trim()
    .max(1000, '审核意见不超过1000个字')
    .optional()
    .transform((note) => note || null),
});

export const refuseChangeBody = z.object({
  note: z.string('请填写不同意的理由').trim().min(2, '请填写不同意的理由').max(1000, '理由不超过1000个字'),
});

export const changeRequestListQuery = z.object({
  status: z.enum(['pending', 'granted', 'refused', 'all']).default('pending'),
});
export type ChangeRequestListQuery = z.infer<typeof changeRequestListQuery>;
