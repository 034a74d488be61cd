import { STORABLE_MAGNITUDE } from '@zhibao/survey';
import { z } from 'zod';
import { filingAction } from './filing-actions.ts';
import { prefillCell } from './filing-prefill.ts';
import { ruleSetView } from './rule-switch.ts';
import {
  adminLevel,
  cellComment,
  cellValue,
  filingStatus,
  filingStatusOrNotStarted,
  filingValues,
  finding,
  isoDateTime,
  periodType,
  revisionSummaryFields,
} from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const filedReportsQuery = z.object({
  period: z
    .string()
    .regex(/^\d{4}(-\d{2})?$/, '报告期格式应为 2026 或 2026-10')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  keyword: z.string().trim().max(50, '关键字不超过50个字').optional(),
});

export const taskIdParams = z.object({ taskId: z.uuid('任务编号格式不正确') });
export const filingIdParams = z.object({ filingId: z.uuid('报表编号格式不正确') });

/**
 * A number a request may carry at all (zod refuses NaN and Infinity): a draft keeps what the filer typed up to
 * this ceiling, and the audit reports whatever exceeds its unit's plausibility bound as a 必改错误.
 */
const storableNumber = z.number().refine((value) => Math.abs(value) <= STORABLE_MAGNITUDE, {
  message: `数值超出可保存的范围：绝对值不能超过${STORABLE_MAGNITUDE.toLocaleString('en-US')}`,
});

const typedCellValue = z.union([storableNumber, z.string().max(500, '内容不超过500个字'), z.null()]);

/** Typed values by form id and cell key; whether the cells exist is checked against the survey edition. */
const typedFilingValues = z.record(z.string().max(40), z.record(z.string().max(40), typedCellValue));

const version = z.number().int().positive().nullable();

export const saveDraftBody = z.object({ version, values: typedFilingValues });

export const submitFilingBody = z.object({
  version,
  values: typedFilingValues,
  /** 审核说明 of each serious warning, keyed as the audit panel keys them. */
  explanations: z.record(z.string().max(200), z.string().max(1000, '审核说明不超过1000个字')).default({}),
});

export const cancelSubmissionBody = z.object({ version }).default({ version: null });

// 历史记录 and 版本对比
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

// ── responses ───────────────────────────────────────────────────────────────────────────────

/** A task of the enterprise's task list (GET /api/enterprise/tasks). */
export const enterpriseTask = z.object({
  taskId: z.string(),
  taskName: z.string(),
  periodType,
  period: z.string(),
  periodLabel: z.string(),
  opensAt: isoDateTime,
  closesAt: isoDateTime,
  filingId: z.string().nullable(),
  status: filingStatusOrNotStarted,
  pendingLevel: adminLevel.nullable(),
  submittedAt: isoDateTime.nullable(),
  /** Whether the window is open now (the task list offers 填报 / 取消上报 only then). */
  isWindowOpen: z.boolean(),
  /** What the enterprise may do now (transition table + window): the list offers 填报 / 取消上报 only then. */
  allowedActions: z.array(filingAction),
});
export type EnterpriseTask = z.infer<typeof enterpriseTask>;

/** A submitted report of the enterprise (GET /api/enterprise/filings). */
export const filedReport = z.object({
  filingId: z.string(),
  reportName: z.string(),
  period: z.string(),
  periodLabel: z.string(),
  submittedAt: isoDateTime,
});
export type FiledReport = z.infer<typeof filedReport>;

/** One period of the enterprise's own trend (GET /api/enterprise/filing-trend). */
export const trendPoint = z.object({
  period: z.string(),
  periodLabel: z.string(),
  /** 软件业务收入合计 (2020), 万元, year-to-date as filed. */
  softwareRevenue: z.number().nullable(),
  /** 利润总额 (2090), 万元. */
  profit: z.number().nullable(),
  /** 平均用工人数 (2112), 人. */
  headcount: z.number().nullable(),
});
export type TrendPoint = z.infer<typeof trendPoint>;

/** The reviewer's reasons, when the filing was returned. */
export const returnReview = z.object({
  level: adminLevel,
  reason: z.string().nullable(),
  cellComments: z.array(cellComment),
  returnedAt: isoDateTime,
});
export type ReturnReview = z.infer<typeof returnReview>;

/** The filing screen as the enterprise sees it. */
export const filingView = z.object({
  taskId: z.string(),
  taskName: z.string(),
  reportName: z.string(),
  periodType,
  period: z.string(),
  periodLabel: z.string(),
  editionId: z.string(),
  enterprise: z.object({ name: z.string(), uscc: z.string(), regionCode: z.string() }),
  window: z.object({
    opensAt: isoDateTime,
    closesAt: isoDateTime,
    isExtended: z.boolean(),
    refusal: z.string().nullable(),
  }),
  filingId: z.string().nullable(),
  status: filingStatusOrNotStarted,
  pendingLevel: adminLevel.nullable(),
  /** The version the filer edits; sent back with every save (optimistic locking). */
  version: z.number().nullable(),
  submittedAt: isoDateTime.nullable(),
  updatedAt: isoDateTime.nullable(),
  updatedBy: z.string().nullable(),
  /** The typed values: the working copy, or the latest submission when `isAsFiled`. */
  values: filingValues,
  explanations: z.record(z.string(), z.string()),
  /** The same enterprise's values of the periods the form compares with. */
  context: z.object({ previousPeriod: filingValues.nullable(), samePeriodLastYear: filingValues.nullable() }),
  /** Whether these are the values as filed (the latest revision), shown read-only. */
  isAsFiled: z.boolean(),
  revisionNo: z.number().nullable(),
  canEdit: z.boolean(),
  /** Why the filing cannot be edited now; null when it can. */
  editRefusal: z.string().nullable(),
  canCancelSubmission: z.boolean(),
  cancelRefusal: z.string().nullable(),
  /** The server's audit of `values`. */
  findings: z.array(finding),
  /** The edition and rule-switch version of that audit, with the packages the browser's audit applies too. */
  ruleSet: ruleSetView,
  /** The reviewer's reasons, when the filing was returned. */
  returnReview: returnReview.nullable(),
  /** What the enterprise may do now (transition table + window); none on the as-filed view. */
  allowedActions: z.array(filingAction),
  /**
   * Proposed values for the empty cells of an annual 企业基本情况表 (from the directory, then last year's filing),
   * while the filer may edit; a proposal only, nothing is written until the filer takes it.
   */
  prefill: z.array(prefillCell),
});
export type FilingView = z.infer<typeof filingView>;

/** The answer to 保存. */
export const savedDraft = z.object({
  version: z.number(),
  status: filingStatus,
  pendingLevel: adminLevel.nullable(),
  updatedAt: isoDateTime,
  findings: z.array(finding),
});
export type SavedDraft = z.infer<typeof savedDraft>;

/** The values of an uploaded template, with their audit. */
export const importedTemplate = z.object({ values: filingValues, findings: z.array(finding) });
export type ImportedTemplate = z.infer<typeof importedTemplate>;

/** A filing's state as status changes record it. */
export const filingState = z.object({
  status: filingStatusOrNotStarted,
  pendingLevel: adminLevel.nullable(),
});
export type FilingStateView = z.infer<typeof filingState>;

/** One entry of a filing's 历史记录. */
export const historyEntry = z.object({
  id: z.string(),
  /** 'status': a status change, review or change request; 'value': one changed cell. */
  kind: z.enum(['status', 'value']),
  at: isoDateTime,
  /** The audit action, e.g. filing.submit, filing.return, change-request.grant. */
  action: z.string(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  /** Status changes: the state before and after (the web writes them in its language), and the reason given. */
  statusFrom: filingState.nullable(),
  statusTo: filingState.nullable(),
  reason: z.string().nullable(),
  /** 代为审核: the upper level that decided in place of the filing's own level. */
  takenOverBy: adminLevel.nullable(),
  /** Value changes: the cell with its form code and indicator name, and old → new. */
  cell: z
    .object({
      formId: z.string(),
      key: z.string(),
      label: z.string(),
      name: z.string(),
      unit: z.string().nullable(),
    })
    .nullable(),
  before: cellValue,
  after: cellValue,
  /** 退回: the reviewer's comment on each cell it names. */
  cellComments: z.array(
    z.object({
      formId: z.string(),
      key: z.string(),
      label: z.string(),
      name: z.string(),
      comment: z.string(),
    }),
  ),
  /** 审核: the reviewer's verdict on each 审核说明 it judged. */
  explanationVerdicts: z.array(z.object({ ruleId: z.string(), verdict: z.enum(['accepted', 'rejected']) })),
  /** 延期: the new deadline, the one it replaced, and the region when granted to a whole region (地区延期). */
  extension: z
    .object({
      until: isoDateTime,
      previous: isoDateTime.nullable(),
      region: z.object({ code: z.string(), name: z.string() }).nullable(),
    })
    .nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

export const revisionSummary = z.object(revisionSummaryFields);

export const filingHistory = z.object({
  /** The filing's edition, whose code lists give coded answers their meaning. */
  editionId: z.string(),
  items: z.array(historyEntry),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  revisions: z.array(revisionSummary),
});
export type FilingHistory = z.infer<typeof filingHistory>;

/** One cell of 版本对比. */
export const cellComparison = z.object({
  formId: z.string(),
  key: z.string(),
  before: cellValue,
  after: cellValue,
  label: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  isChanged: z.boolean(),
  /** after − before when both are numbers. */
  difference: z.number().nullable(),
});
export type CellComparison = z.infer<typeof cellComparison>;

export const revisionComparison = z.object({
  from: z.number(),
  to: z.number(),
  cells: z.array(cellComparison),
});
export type RevisionComparison = z.infer<typeof revisionComparison>;
