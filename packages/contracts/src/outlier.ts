import { z } from 'zod';

// Outliers across the population (Hidiroglou–Berthelot, sigma-gap): flags with the numbers behind them.

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const outlierListQuery = z.object({
  taskId: z.uuid('任务编号格式有误'),
});

// ── responses ───────────────────────────────────────────────────────────────────────────────

/**
 * What a value was compared with: the month's increment against the same month's increment last year or the
 * previous month's; the annual value against last year's; or, in a class without history, the class's levels.
 */
export const outlierComparison = z.enum([
  'same-month-last-year',
  'previous-month',
  'previous-year',
  'class-levels',
]);
export type OutlierComparison = z.infer<typeof outlierComparison>;

export const hbNumbers = z.object({
  method: z.literal('hb'),
  /** x_t and x_{t−1}: for monthly reports the month's increments (本月增量), else the reported values. */
  current: z.number(),
  previous: z.number(),
  ratio: z.number(),
  medianRatio: z.number(),
  centredRatio: z.number(),
  effect: z.number(),
  effectQ1: z.number(),
  effectMedian: z.number(),
  effectQ3: z.number(),
  lowerBound: z.number(),
  upperBound: z.number(),
  /** U, A, C of the edition. */
  exponent: z.number(),
  minimumDistance: z.number(),
  width: z.number(),
});

export const sigmaGapNumbers = z.object({
  method: z.literal('sigma-gap'),
  current: z.number(),
  median: z.number(),
  sigma: z.number(),
  gapLimit: z.number(),
  upperGapFrom: z.number().nullable(),
  lowerGapFrom: z.number().nullable(),
  beta: z.number(),
  startCentile: z.number(),
});

export const outlierFlag = z.object({
  filingId: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionCode: z.string(),
  formId: z.string(),
  key: z.string(),
  /** The indicator's code and name as the form prints them. */
  label: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  comparison: outlierComparison,
  side: z.enum(['low', 'high']),
  /** The class the enterprise was compared within (industry × province, pooled upward when small). */
  classKey: z.string(),
  classSize: z.number().int(),
  numbers: z.discriminatedUnion('method', [hbNumbers, sigmaGapNumbers]),
});
export type OutlierFlag = z.infer<typeof outlierFlag>;

export const outlierList = z.object({
  taskId: z.string(),
  period: z.string(),
  flags: z.array(outlierFlag),
});
export type OutlierList = z.infer<typeof outlierList>;

// ── 请核实 ──────────────────────────────────────────────────────────────────────────────────

/** A reviewer asks the enterprise to verify flagged cells: the filing goes back with the numbers behind each flag. */
export const verificationQueryBody = z.object({
  cells: z
    .array(z.object({ formId: z.string().min(1), key: z.string().min(1) }))
    .min(1, '请选择要核实的指标'),
  message: z.string().trim().min(1, '请填写核实说明').max(500, '核实说明不超过500字'),
});
export type VerificationQueryInput = z.infer<typeof verificationQueryBody>;

/**
 * Among a submission's explanations, the enterprise's answer to a 请核实 (or any return's comment) on one cell: what
 * it says when the value is right and it submits it unchanged. Kept only for the cells the return named.
 */
export function verificationAnswerKey(cell: { formId: string; key: string }): string {
  return `${verificationAnswerPrefix}${cell.formId}.${cell.key}`;
}
export const verificationAnswerPrefix = 'answer:';

// ── where each value came from ──────────────────────────────────────────────────────────────

/**
 * reported: as the enterprise first submitted it; corrected: changed by the enterprise in a later submission
 * (answering the return or 请核实 query named in `answered`, when one preceded it); explained: asked about, and
 * submitted again unchanged with the enterprise's explanation that it is right; estimated: no filing yet, the
 * value is an estimate of the estimation layer (never a reported value).
 */
export const cellSource = z.enum(['reported', 'corrected', 'explained', 'estimated']);
export type CellSource = z.infer<typeof cellSource>;

export const cellProvenance = z.object({
  formId: z.string(),
  key: z.string(),
  label: z.string(),
  name: z.string(),
  source: cellSource,
  /** The cell's value in each submitted version where it changed, first submission first. */
  history: z.array(
    z.object({
      revisionNo: z.number().int(),
      value: z.union([z.number(), z.string(), z.null()]),
      submittedAt: z.string(),
    }),
  ),
  /** The return (退回, 请核实) the correction answered: its level, reason and the comment on this cell. */
  answered: z
    .object({
      level: z.string(),
      reason: z.string().nullable(),
      comment: z.string().nullable(),
      decidedAt: z.string(),
    })
    .nullable(),
  /** The enterprise's answer to the return or 请核实 on this cell (why the value is right, or what it corrected). */
  explanation: z.string().nullable(),
});
export type CellProvenance = z.infer<typeof cellProvenance>;

export const filingProvenance = z.object({
  filingId: z.string(),
  cells: z.array(cellProvenance),
});
export type FilingProvenance = z.infer<typeof filingProvenance>;
