import { z } from 'zod';

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
  orderBy: z.enum(['submitted-at', 'influence']).default('submitted-at'),
});
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuery>;

export const filingParams = z.object({ filingId: z.uuid('报表编号格式有误') });

const explanationVerdicts = z.record(z.string().max(100), z.enum(['accepted', 'rejected'])).default({});

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
