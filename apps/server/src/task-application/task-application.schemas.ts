import { z } from 'zod';

export const applicableTasksQuery = z.object({
  keyword: z.string().trim().max(50, '关键字不超过50个字').optional(),
});

export const applyForTaskBody = z.object({ taskId: z.uuid('任务编号格式不正确') });

export const applicationsInRegionQuery = z.object({
  status: z
    .enum(['pending', 'approved', 'refused'], { error: '状态应为 pending、approved 或 refused' })
    .default('pending'),
});

export const applicationParams = z.object({ applicationId: z.uuid('申请编号格式不正确') });

export const refuseApplicationBody = z.object({
  reason: z
    .string({ error: '请填写不通过的原因' })
    .trim()
    .min(1, '请填写不通过的原因')
    .max(500, '不通过的原因不超过500个字'),
});
