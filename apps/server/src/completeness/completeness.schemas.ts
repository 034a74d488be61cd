import { z } from 'zod';

export const completenessQuery = z.object({
  taskId: z.uuid('任务编号格式有误'),
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为6位数字')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export const remindersBody = z.object({
  taskId: z.uuid('任务编号格式有误'),
  /** Only these enterprises; all that have not filed when absent. */
  enterpriseIds: z.array(z.uuid('企业编号格式有误')).max(2000).optional(),
  message: z.string().trim().max(200, '催报内容不超过200个字').optional(),
});
export type RemindersInput = z.infer<typeof remindersBody>;
