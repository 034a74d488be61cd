import { z } from 'zod';
import { completenessFiguresSchema } from './region-workflow.ts';
import {
  adminLevel,
  filingStatusOrNotStarted,
  isoDateTime,
  readFreshness,
  regionLevel,
  pageFields,
} from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

/** Which enterprises the 催报 list shows: all obligations, 未报, 逾期, 已报 or 待申请. */
export const completenessFilter = z.enum(
  ['all', 'not-submitted', 'overdue', 'submitted', 'awaiting-application'],
  '筛选应为全部、未报、逾期、已报或待申请',
);
export type CompletenessFilter = z.infer<typeof completenessFilter>;

export const completenessQuery = z.object({
  taskId: z.uuid('任务编号格式有误'),
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为6位数字')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The enterprise list is paged, filtered and sorted by the server (the counts always cover the region). */
  filter: completenessFilter.default('all'),
  orderBy: z.enum(['region', 'submitted-at'], '排序方式应为地区或上报时间').default('region'),
  ...pageFields,
});
export type CompletenessQuery = z.infer<typeof completenessQuery>;

export const remindersBody = z.object({
  taskId: z.uuid('任务编号格式有误'),
  /** Only these enterprises; all that have not filed when absent. */
  enterpriseIds: z.array(z.uuid('企业编号格式有误')).max(2000).optional(),
  message: z.string().trim().max(200, '催报内容不超过200个字').optional(),
});
export type RemindersInput = z.infer<typeof remindersBody>;

// ── responses ───────────────────────────────────────────────────────────────────────────────

/** The figures of the one definition (completeness-figures.ts) and the viewer's working counts. */
const completenessCountsFields = {
  ...completenessFiguresSchema.shape,
  /** 退回 */
  returned: z.number(),
  /** 未报 */
  notSubmitted: z.number(),
  /** 逾期: not submitted although the enterprise's own deadline (with any extension) has passed */
  overdue: z.number(),
  /** 逾期未审: waiting at the administrator's level after that level's review deadline */
  reviewOverdue: z.number(),
};
export const completenessCounts = z.object(completenessCountsFields);
export type CompletenessCounts = z.infer<typeof completenessCounts>;

export const taskCompleteness = z.object({
  ...completenessCountsFields,
  taskId: z.string(),
  taskName: z.string(),
  periodLabel: z.string(),
  closesAt: isoDateTime,
});
export type TaskCompleteness = z.infer<typeof taskCompleteness>;

/** The administrator's home page (GET /api/admin/overview). */
export const adminOverview = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  adminLevel,
  freshness: readFreshness,
  enterpriseCount: z.number(),
  tasks: z.array(taskCompleteness),
});
export type AdminOverview = z.infer<typeof adminOverview>;

export const completenessEnterprise = z.object({
  enterpriseId: z.string(),
  name: z.string(),
  uscc: z.string(),
  regionName: z.string(),
  filingId: z.string().nullable(),
  status: filingStatusOrNotStarted,
  pendingLevel: adminLevel.nullable(),
  submittedAt: isoDateTime.nullable(),
  deadline: isoDateTime,
  isExtended: z.boolean(),
  /** 免报 */
  isExcused: z.boolean(),
  /** 待申请: a 省/市 task it has not applied for, counted apart from 应报 */
  isAwaitingApplication: z.boolean(),
  isOverdue: z.boolean(),
  /** The administrator's level's review deadline for this enterprise's filing, and 逾期未审. */
  reviewDeadline: isoDateTime.nullable(),
  isReviewOverdue: z.boolean(),
});
export type CompletenessEnterprise = z.infer<typeof completenessEnterprise>;

/** 催报: who has filed a task in a region (GET /api/admin/completeness). */
export const completenessReport = z.object({
  task: z.object({ id: z.string(), name: z.string(), periodLabel: z.string(), closesAt: isoDateTime }),
  /** The administrator's level's review deadline in the region's province (null across several provinces). */
  reviewDeadline: isoDateTime.nullable(),
  region: z.object({ code: z.string(), name: z.string(), level: regionLevel }),
  freshness: readFreshness,
  totals: completenessCounts,
  children: z.array(
    z.object({ ...completenessCountsFields, regionCode: z.string(), regionName: z.string() }),
  ),
  /** One page of the region's obligations, as filtered and sorted. */
  enterprises: z.array(completenessEnterprise),
  /** How many obligations the filter keeps in all (the pages' length). */
  enterpriseTotal: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type CompletenessReport = z.infer<typeof completenessReport>;
