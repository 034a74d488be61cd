import { z } from 'zod';

export const filedReportsQuery = z.object({
  period: z
    .string()
    .regex(/^\d{4}(-\d{2})?$/, '报告期格式应为 2026 或 2026-10')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  keyword: z.string().trim().max(50, '关键字不超过50个字').optional(),
});
