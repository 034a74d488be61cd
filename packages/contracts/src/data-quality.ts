import { z } from 'zod';
import { isoDateTime } from './common.ts';

// The data-quality run over a task's filings in a region (issue 18, item 5): rule failures, warnings with their
// explanations, outliers, blank or zero key indicators and disagreements with the directory, every one listed.

export const dataQualityKind = z.enum([
  'rule-error',
  'warning',
  'outlier',
  'blank-key',
  'zero-key',
  'directory-mismatch',
]);
export type DataQualityKind = z.infer<typeof dataQualityKind>;

const optionalRegionCode = z
  .string()
  .regex(/^\d{6}$/, '地区代码应为6位数字')
  .optional()
  .or(z.literal('').transform(() => undefined));

// ── requests ────────────────────────────────────────────────────────────────────────────────

/** Starts a run of the task over the administrator's region (the ministry's: the nation). */
export const dataQualityRunBody = z.object({ taskId: z.uuid('任务编号格式有误') });

export const dataQualityRunQuery = z.object({ taskId: z.uuid('任务编号格式有误') });

/** The findings of the latest finished run covering the region, filtered; all of them in the export. */
export const dataQualityFindingsQuery = z.object({
  taskId: z.uuid('任务编号格式有误'),
  regionCode: optionalRegionCode,
  kind: dataQualityKind.optional().or(z.literal('').transform(() => undefined)),
  /** Part of the enterprise's name or of the finding's text. */
  search: z.string().trim().max(100, '查询内容不超过100个字').optional(),
  page: z.coerce.number().int().min(1, '页码应为正整数').default(1),
  pageSize: z.coerce.number().int().min(1).max(500, '每页最多500条').default(50),
});
export type DataQualityFindingsQuery = z.infer<typeof dataQualityFindingsQuery>;

// ── responses ───────────────────────────────────────────────────────────────────────────────

export const dataQualityRun = z.object({
  id: z.string(),
  taskId: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  requestedAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  /** Progress: filings checked of those to check (null until the run has counted them). */
  filingsTotal: z.number().int().nullable(),
  filingsDone: z.number().int(),
  findingCount: z.number().int(),
  error: z.string().nullable(),
});
export type DataQualityRun = z.infer<typeof dataQualityRun>;

/** The run the findings come from (the latest finished one covering the region) and the one under way, if any. */
export const dataQualityRunState = z.object({
  latest: dataQualityRun.nullable(),
  active: dataQualityRun.nullable(),
});
export type DataQualityRunState = z.infer<typeof dataQualityRunState>;

export const dataQualityFinding = z.object({
  filingId: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  uscc: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  kind: dataQualityKind,
  formId: z.string().nullable(),
  key: z.string().nullable(),
  ruleId: z.string().nullable(),
  message: z.string(),
  /** The enterprise's explanation of a warning (null: none given). */
  explanation: z.string().nullable(),
});
export type DataQualityFinding = z.infer<typeof dataQualityFinding>;

export const dataQualityFindingList = z.object({
  run: dataQualityRun.nullable(),
  total: z.number().int(),
  /** Findings of each kind in the region (before the kind and search filters). */
  countsByKind: z.partialRecord(dataQualityKind, z.number().int()),
  findings: z.array(dataQualityFinding),
});
export type DataQualityFindingList = z.infer<typeof dataQualityFindingList>;
