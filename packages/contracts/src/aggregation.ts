import { z } from 'zod';
import { periodType, regionLevel } from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

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

// ── responses ───────────────────────────────────────────────────────────────────────────────

export const indicatorTotal = z.object({
  id: z.string(),
  formId: z.string(),
  key: z.string(),
  label: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  total: z.number().nullable(),
  lastYear: z.number().nullable(),
  /** Growth over all filers of both years (%). */
  growth: z.number().nullable(),
  sameSetTotal: z.number().nullable(),
  sameSetLastYear: z.number().nullable(),
  /** 同口径: growth over the enterprises counted in both years (%). */
  sameSetGrowth: z.number().nullable(),
});
export type IndicatorTotal = z.infer<typeof indicatorTotal>;

export const aggregateRow = z.object({
  key: z.string(),
  label: z.string(),
  filingCount: z.number(),
  values: z.record(z.string(), z.number().nullable()),
});
export type AggregateRow = z.infer<typeof aggregateRow>;

/** 汇总 of a task in a region (GET /api/admin/aggregation). */
export const aggregationReport = z.object({
  task: z.object({ id: z.string(), name: z.string(), periodLabel: z.string(), periodType }),
  region: z.object({ code: z.string(), name: z.string(), level: regionLevel }),
  includeSubmitted: z.boolean(),
  comparisonPeriodLabel: z.string().nullable(),
  filingCount: z.number(),
  lastYearFilingCount: z.number(),
  sameSetCount: z.number(),
  headlineIds: z.array(z.string()),
  indicators: z.array(indicatorTotal),
  children: z.array(aggregateRow),
  enterprises: z.array(aggregateRow),
  byIndustry: z.array(aggregateRow),
  bySize: z.array(aggregateRow),
  byKeyEnterprise: z.array(aggregateRow),
  trend: z.array(
    z.object({
      period: z.string(),
      periodLabel: z.string(),
      filingCount: z.number(),
      values: z.record(z.string(), z.number().nullable()),
    }),
  ),
});
export type AggregationReport = z.infer<typeof aggregationReport>;
