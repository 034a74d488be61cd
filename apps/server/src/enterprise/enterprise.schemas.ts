import { z } from 'zod';

export const enterpriseDirectoryQuery = z.object({
  keyword: z.string().trim().max(50, '关键字不超过50个字').optional(),
  page: z.coerce.number().int('页码应为整数').min(1, '页码从1开始').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多200条').default(20),
});
