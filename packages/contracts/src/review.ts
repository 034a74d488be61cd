import { z } from 'zod';
import {
  adminLevel,
  cellChange,
  cellComment,
  cellValue,
  filingStatus,
  isoDateTime,
  revisionSummaryFields,
  pageFields,
} from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .or(z.literal('').transform(() => undefined));

export const reviewQueueQuery = z.object({
  taskId: z
    .uuid('任务编号格式有误')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为6位数字')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  keyword: optionalText(50, '关键字不超过50个字'),
  findings: z.enum(['all', 'clean', 'with-findings']).default('all'),
  orderBy: z.enum(['submitted-at', 'score'], '排序方式应为上报时间或评分').default('submitted-at'),
  ...pageFields,
});
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuery>;

export const explanationVerdict = z.enum(['accepted', 'rejected']);
export type ExplanationVerdict = z.infer<typeof explanationVerdict>;
const explanationVerdicts = z.record(z.string().max(100), explanationVerdict).default({});

export const approveFilingBody = z.object({
  comment: optionalText(500, '审核意见不超过500个字'),
  explanationVerdicts,
});
export type ApproveFilingInput = z.infer<typeof approveFilingBody>;

export const returnFilingBody = z.object({
  reason: z.string().trim().min(1, '请填写退回原因').max(1000, '退回原因不超过1000个字'),
  cellComments: z
    .array(
      z.object({
        formId: z.string().min(1).max(40),
        key: z.string().min(1).max(40),
        comment: z.string().trim().min(1, '请填写该单元格的退回意见').max(500, '单元格意见不超过500个字'),
      }),
    )
    .max(200)
    .default([]),
  explanationVerdicts,
});
export type ReturnFilingInput = z.infer<typeof returnFilingBody>;

export const bulkApproveBody = z.object({
  filingIds: z.array(z.uuid('报表编号格式有误')).min(1, '请选择要审核通过的报表').max(500, '一次最多500份'),
});

export const regionSubmissionParams = z.object({ submissionId: z.uuid('上报记录编号格式有误') });
export const returnRegionBody = z.object({
  reason: z.string().trim().min(1, '请填写退回原因').max(1000, '退回原因不超过1000个字'),
});

/** 停审阈值: the largest error left in the region's total accepted when review stops (a share, 0 < t < 1). */
export const updateStopThresholdBody = z.object({
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为6位数字')
    .optional(),
  stopThreshold: z.number('停审阈值应为数字').gt(0, '停审阈值应大于0').lt(1, '停审阈值应小于1'),
});
export type UpdateStopThresholdInput = z.infer<typeof updateStopThresholdBody>;

// ── responses ───────────────────────────────────────────────────────────────────────────────

export const stopThresholdView = z.object({
  regionCode: z.string(),
  stopThreshold: z.number(),
  /** No setting of the region's own: the default (0.01). */
  isDefault: z.boolean(),
});
export type StopThresholdView = z.infer<typeof stopThresholdView>;

/** One filing of the review queue (GET /api/admin/review/queue). */
export const reviewQueueItem = z.object({
  filingId: z.string(),
  taskId: z.string(),
  taskName: z.string(),
  /** The period's code ('2026-11'); the web writes it in the interface language. */
  period: z.string(),
  periodLabel: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  uscc: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  submittedAt: isoDateTime.nullable(),
  pendingLevel: adminLevel.nullable(),
  errorCount: z.number(),
  warningCount: z.number(),
  hintCount: z.number(),
  isClean: z.boolean(),
  /** 软件业务收入 of the filing (万元). */
  headlineValue: z.number().nullable(),
  /**
   * Selective editing's score: Σ over the key indicators of |y − ŷ| / T̂, the distance of each reported value from
   * what the enterprise's history and its class's growth predict, as a share of its class's total. Null in the
   * order of submission: scoring reads the whole task's filings, so it runs only when the queue is ordered by score.
   */
  score: z.number().nullable(),
  /** Below the region's stop threshold: accepted as it is (needs no review; nothing is changed). */
  isAcceptedAsIs: z.boolean(),
  integritySignals: z.array(z.string()),
  /** This level's review deadline for the filing's province, and whether it has passed (逾期未审). */
  reviewDeadline: isoDateTime.nullable(),
  isReviewOverdue: z.boolean(),
});
export type ReviewQueueItem = z.infer<typeof reviewQueueItem>;

/** Selective editing of one task's queue: after reviewing k filings in score order, what error can remain. */
export const reviewProgress = z.object({
  taskId: z.string(),
  /** The region whose totals bound the error (the reviewer's, or the one chosen). */
  regionCode: z.string(),
  /** The largest remaining error accepted (share of the total), the region's setting. */
  stopThreshold: z.number(),
  /** How many filings, in score order, need review before the rest may be accepted as they are. */
  stopAfter: z.number(),
  /**
   * remainingError[k]: after reviewing the first k filings in score order, the largest possible error left in the
   * region's total of a key indicator, as a share of that total (k = 0 … the queue's length).
   */
  remainingError: z.array(z.number()),
  /** The key indicators scored (`form.key`). */
  keyIndicators: z.array(z.string()),
});
export type ReviewProgress = z.infer<typeof reviewProgress>;

/** One page of the review queue; `progress` (selective editing) only when ordered by score. */
export const reviewQueue = z.object({
  items: z.array(reviewQueueItem),
  /** How many filings the filters keep in all (the pages' length). */
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  progress: z.array(reviewProgress),
});
export type ReviewQueue = z.infer<typeof reviewQueue>;

export const reviewCellView = z.object({
  formId: z.string(),
  key: z.string(),
  label: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  isComputed: z.boolean(),
  /** The survey's code list the value is a code of (B10 '121' → 私营股份有限公司); the web writes the meaning. */
  codeList: z.string().nullable(),
  value: cellValue,
  previousPeriod: cellValue,
  samePeriodLastYear: cellValue,
});
export type ReviewCellView = z.infer<typeof reviewCellView>;

/** A filing as its reviewer sees it (GET /api/admin/review/filings/:filingId). */
export const reviewFilingDetail = z.object({
  filingId: z.string(),
  taskId: z.string(),
  taskName: z.string(),
  /** The survey edition the filing follows (its code lists give the meaning of coded answers). */
  editionId: z.string(),
  /** The period's code ('2026-11'); the web writes it in the interface language. */
  period: z.string(),
  periodLabel: z.string(),
  enterprise: z.object({
    id: z.string(),
    name: z.string(),
    uscc: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
  }),
  status: filingStatus,
  pendingLevel: adminLevel.nullable(),
  /** The unit reviewing in place of `pendingLevel` by the province's chain settings (代审), if any. */
  delegatedTo: z.string().nullable(),
  submittedAt: isoDateTime.nullable(),
  chain: z.array(z.object({ level: adminLevel, delegatedTo: z.string().nullable() })),
  canReview: z.boolean(),
  /** 代为审核: set when the administrator's level decides this filing in place of the level it waits at. */
  takenOverBy: adminLevel.nullable(),
  /** 代报 signals as the review queue shows them; never blocking. */
  integritySignals: z.array(z.string()),
  /** The administrator's level's review deadline for this filing, and whether it has passed (逾期未审). */
  reviewDeadline: isoDateTime.nullable(),
  isReviewOverdue: z.boolean(),
  forms: z.array(z.object({ formId: z.string(), cells: z.array(reviewCellView) })),
  findings: z.array(
    z.object({
      ruleId: z.string(),
      severity: z.enum(['error', 'warning', 'hint']),
      message: z.string(),
      cells: z.array(z.object({ formId: z.string(), key: z.string() })),
      explanation: z.string().nullable(),
    }),
  ),
  changesSincePreviousRevision: z.array(cellChange),
  revisions: z.array(z.object(revisionSummaryFields)),
  reviews: z.array(
    z.object({
      level: adminLevel,
      action: z.string(),
      reason: z.string().nullable(),
      cellComments: z.array(cellComment),
      explanationVerdicts: z.record(z.string(), z.string()),
      actorName: z.string(),
      createdAt: isoDateTime,
      /** 代为审核: the upper level that decided in place of `level`. */
      takenOverBy: adminLevel.nullable(),
    }),
  ),
  history: z.array(
    z.object({
      action: z.string(),
      actorName: z.string().nullable(),
      createdAt: isoDateTime,
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type ReviewFilingDetail = z.infer<typeof reviewFilingDetail>;

/** The answer to 审核通过 and 退回. */
export const decidedFiling = z.object({
  status: filingStatus,
  pendingLevel: adminLevel.nullable(),
  /** The unit reviewing in place of `pendingLevel` by the province's chain settings (代审), if any. */
  delegatedTo: z.string().nullable(),
});
export type DecidedFiling = z.infer<typeof decidedFiling>;

/** The answer to 批量审核通过. */
export const bulkApproval = z.object({
  approved: z.array(z.string()),
  skipped: z.array(
    z.object({ filingId: z.string(), enterpriseName: z.string().nullable(), reason: z.string() }),
  ),
});
export type BulkApproval = z.infer<typeof bulkApproval>;
