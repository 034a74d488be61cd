import { z } from 'zod';

export const historyParams = z.object({ filingId: z.uuid('报表编号格式有误') });

export const historyQuery = z.object({
  page: z.coerce.number().int().min(1, '页码从1开始').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多200条').default(50),
});
export type HistoryQuery = z.infer<typeof historyQuery>;

export const revisionCompareQuery = z.object({
  from: z.coerce.number().int().min(1, '版本号从1开始'),
  to: z.coerce.number().int().min(1, '版本号从1开始'),
});
