import { z } from 'zod';

export const aggregationQuery = z.object({
  taskId: z.uuid('任务编号格式有误'),
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为6位数字')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  includeSubmitted: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});
