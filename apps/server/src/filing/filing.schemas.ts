import { STORABLE_MAGNITUDE } from '@zhibao/survey';
import { z } from 'zod';

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

const cellValue = z.union([storableNumber, z.string().max(500, '内容不超过500个字'), z.null()]);

/** Typed values by form id and cell key; whether the cells exist is checked against the survey edition. */
const filingValues = z.record(z.string().max(40), z.record(z.string().max(40), cellValue));

const version = z.number().int().positive().nullable();

export const saveDraftBody = z.object({ version, values: filingValues });

export const submitFilingBody = z.object({
  version,
  values: filingValues,
  /** 审核说明 of each serious warning, keyed as the audit panel keys them. */
  explanations: z.record(z.string().max(200), z.string().max(1000, '审核说明不超过1000个字')).default({}),
});

export const cancelSubmissionBody = z.object({ version }).default({ version: null });
