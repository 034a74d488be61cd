import { z } from 'zod';
import { isoDateTime, periodType, readFreshness, regionLevel } from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const aggregationBasis = z.enum(['reported', 'with-estimates'], '汇总口径应为仅实报或含推算');
export type AggregationBasis = z.infer<typeof aggregationBasis>;

/** How an estimate was made (docs/statistics.md, "Estimation for non-response"). */
export const estimationMethod = z.enum([
  'same-month-growth',
  'last-increment',
  'year-on-year',
  'class-median',
  'carried-forward',
]);
export type EstimationMethodCode = z.infer<typeof estimationMethod>;

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
  /** 仅实报 (the counted filings alone) or 含推算 (plus estimates for the obliged enterprises not counted). */
  basis: aggregationBasis.default('reported'),
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
  /** 含推算: the part of `total` that is estimated (null under 仅实报). */
  estimatedTotal: z.number().nullable(),
});
export type IndicatorTotal = z.infer<typeof indicatorTotal>;

export const aggregateRow = z.object({
  key: z.string(),
  label: z.string(),
  filingCount: z.number(),
  values: z.record(z.string(), z.number().nullable()),
  /** 含推算: the estimated part of each value (absent under 仅实报). */
  estimatedValues: z.record(z.string(), z.number().nullable()).optional(),
  /** An enterprise row of an estimate, not a filing. */
  isEstimated: z.boolean().optional(),
});
export type AggregateRow = z.infer<typeof aggregateRow>;

/** 汇总 of a task in a region (GET /api/admin/aggregation). */
export const aggregationReport = z.object({
  task: z.object({ id: z.string(), name: z.string(), periodLabel: z.string(), periodType }),
  region: z.object({ code: z.string(), name: z.string(), level: regionLevel }),
  includeSubmitted: z.boolean(),
  freshness: readFreshness,
  basis: aggregationBasis,
  /**
   * 含推算: how many obliged enterprises were estimated, by which method (of their largest part); when the estimates
   * were computed (推算时间: they are recomputed in the background after the data change), and how many of the
   * region's enterprises estimated then have filed since — their estimates are left out, their filings counted.
   */
  estimation: z
    .object({
      estimatedCount: z.number(),
      respondentCount: z.number(),
      methodCounts: z.partialRecord(estimationMethod, z.number()),
      computedAt: isoDateTime,
      filedSinceCount: z.number().int(),
    })
    .nullable(),
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
      /** 应报 of the period in the region. */
      expectedCount: z.number(),
      /** The period's filing window is still open: its figures are not final (drawn apart on the chart). */
      isProvisional: z.boolean(),
      values: z.record(z.string(), z.number().nullable()),
    }),
  ),
});
export type AggregationReport = z.infer<typeof aggregationReport>;

// ── analysis (GET /api/admin/aggregation/analysis) ──────────────────────────────────────────

/** 应报 / 已报 / 已审 of a region's obligations for the task (the completeness figures' definitions). */
export const coverage = z.object({
  expected: z.number().int(),
  submitted: z.number().int(),
  approved: z.number().int(),
  /** 待申请: a 省/市 task's enterprises of record still to apply, counted apart from 应报. */
  awaitingApplication: z.number().int(),
});
export type Coverage = z.infer<typeof coverage>;

/** A child region ranked by the headline: its total, last year's, 同比 (%), 增长贡献 (percentage points) and share. */
export const rankedRegion = z.object({
  code: z.string(),
  name: z.string(),
  total: z.number().nullable(),
  lastYear: z.number().nullable(),
  growth: z.number().nullable(),
  /** 同口径增速 (%): over the enterprises of the child counted in both periods — while a month is open, the one to compare. */
  sameSetGrowth: z.number().nullable(),
  /** The child's increase over the region's total last year (%, i.e. percentage points of the region's growth). */
  contribution: z.number().nullable(),
  /** The child's share of the region's total (%). */
  share: z.number().nullable(),
  coverage,
});
export type RankedRegion = z.infer<typeof rankedRegion>;

export const rankedEnterprise = z.object({
  enterpriseId: z.string(),
  name: z.string(),
  regionName: z.string(),
  total: z.number(),
  lastYear: z.number().nullable(),
  growth: z.number().nullable(),
  contribution: z.number().nullable(),
});
export type RankedEnterprise = z.infer<typeof rankedEnterprise>;

/** 环比 of one indicator: the month's own amount (本月累计 − 上月累计; January: its cumulative value). */
export const monthOnMonthIndicator = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  month: z.number().nullable(),
  previousMonth: z.number().nullable(),
  growth: z.number().nullable(),
});
export type MonthOnMonthIndicator = z.infer<typeof monthOnMonthIndicator>;

export const aggregationAnalysis = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  /** The indicator the rankings are by (软件业务收入). */
  headline: z.object({ id: z.string(), name: z.string(), unit: z.string().nullable() }),
  comparisonPeriodLabel: z.string().nullable(),
  coverage,
  /**
   * 月报 only: the month's own amounts against the month before's, null for the annual report or without the months
   * needed. Both over the same enterprises (同口径): those counted in this month, the month before and, unless that
   * is a January, the month before it — sameSetCount of them. isProvisional: this month's filing is still open (初步).
   */
  monthOnMonth: z
    .object({
      previousPeriodLabel: z.string(),
      sameSetCount: z.number().int(),
      isProvisional: z.boolean(),
      indicators: z.array(monthOnMonthIndicator),
    })
    .nullable(),
  regionRanking: z.array(rankedRegion),
  enterpriseRanking: z.object({
    byTotal: z.array(rankedEnterprise),
    byGrowth: z.array(rankedEnterprise),
    byContribution: z.array(rankedEnterprise),
  }),
});
export type AggregationAnalysis = z.infer<typeof aggregationAnalysis>;
