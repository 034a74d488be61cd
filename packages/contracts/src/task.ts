import { z } from 'zod';
import { adminLevel, isoDateTime, periodType, taskAudience } from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

const regionCode = z.string().regex(/^\d{6}$/, '地区代码应为6位数字');
const dateTime = z.coerce.date({ error: '时间格式有误' });

export const publishTaskBody = z
  .object({
    name: z.string().trim().max(100, '任务名称不超过100个字').optional(),
    editionId: z.string().trim().max(20).optional(),
    periodType: z.enum(['month', 'year'], { error: '报告期别应为月报或年报' }),
    period: z.string().trim(),
    audience: taskAudience.default('by-period'),
    scopeRegionCodes: z.array(regionCode).max(500).default([]),
    opensAt: dateTime,
    closesAt: dateTime,
    reviewDeadlines: z.partialRecord(adminLevel, dateTime).default({}),
  })
  .superRefine((task, issue) => {
    const pattern = task.periodType === 'year' ? /^\d{4}$/ : /^\d{4}-(0[1-9]|1[0-2])$/;
    if (!pattern.test(task.period)) {
      issue.addIssue({
        code: 'custom',
        path: ['period'],
        message:
          task.periodType === 'year' ? '年报的报告期应为4位年份，如 2025' : '月报的报告期应为 2026-03 的格式',
      });
    }
    if (task.closesAt <= task.opensAt) {
      issue.addIssue({ code: 'custom', path: ['closesAt'], message: '填报截止时间应晚于开始时间' });
    }
  });
export type PublishTaskInput = z.infer<typeof publishTaskBody>;

export const generateMonthlyBody = z.object({
  year: z.coerce.number().int().min(2000, '年份有误').max(2100, '年份有误'),
  editionId: z.string().trim().max(20).optional(),
  audience: taskAudience.default('by-period'),
  scopeRegionCodes: z.array(regionCode).max(500).default([]),
  /** Enterprises file by this day of the following month, 18:00. */
  filingDay: z.coerce
    .number()
    .int()
    .min(1, '截止日应在1至28日之间')
    .max(28, '截止日应在1至28日之间')
    .default(15),
  /** Each review level gets this many days after the level below. */
  reviewDaysPerLevel: z.coerce.number().int().min(1).max(30).default(5),
});
export type GenerateMonthlyInput = z.infer<typeof generateMonthlyBody>;

export const taskParams = z.object({ taskId: z.uuid('任务编号格式有误') });

export const grantExtensionBody = z.object({
  enterpriseId: z.uuid('企业编号格式有误'),
  until: dateTime,
  reason: z.string().trim().min(1, '请填写延期原因').max(500, '延期原因不超过500个字'),
});
export type GrantExtensionInput = z.infer<typeof grantExtensionBody>;

/** 地区延期: every enterprise of a region that has not submitted the task may file until the new deadline. */
export const grantRegionExtensionBody = z.object({
  regionCode,
  until: dateTime,
  reason: grantExtensionBody.shape.reason,
});
export type GrantRegionExtensionInput = z.infer<typeof grantRegionExtensionBody>;

// ── responses ───────────────────────────────────────────────────────────────────────────────

/** A task as the administrators see it (GET /api/admin/tasks). */
export const adminTaskView = z.object({
  id: z.string(),
  name: z.string(),
  editionId: z.string(),
  periodType,
  period: z.string(),
  periodLabel: z.string(),
  ownerRegionCode: z.string(),
  ownerRegionName: z.string(),
  audience: taskAudience,
  scopeRegionCodes: z.array(z.string()),
  opensAt: isoDateTime,
  closesAt: isoDateTime,
  reviewDeadlines: z.partialRecord(adminLevel, isoDateTime),
  /** The administrator's own task (published for their region). */
  isOwn: z.boolean(),
  /** Reports of the administrator's region submitted at least once (awaiting review, returned or approved). */
  submittedCount: z.number(),
});
export type AdminTaskView = z.infer<typeof adminTaskView>;

export const adminTasks = z.object({ items: z.array(adminTaskView) });

/** The answer to 生成月报任务. */
export const generatedTasks = z.object({ created: z.array(z.string()), skipped: z.array(z.string()) });
export type GeneratedTasks = z.infer<typeof generatedTasks>;

/** The answer to 延期. */
export const grantedExtension = z.object({ filingId: z.string(), until: isoDateTime });
export type GrantedExtension = z.infer<typeof grantedExtension>;

/** The answer to 地区延期: the enterprises extended, and those left as they were with why (codes). */
export const grantedRegionExtension = z.object({
  until: isoDateTime,
  extended: z.array(z.object({ enterpriseId: z.string(), name: z.string(), filingId: z.string() })),
  skipped: z.array(
    z.object({
      enterpriseId: z.string(),
      name: z.string(),
      /**
       * submitted: already 已报; excused: 免报; not-applied: a 省/市 task it has not applied for (待申请);
       * later: its own deadline is already as late.
       */
      reason: z.enum(['submitted', 'excused', 'not-applied', 'later']),
    }),
  ),
});
export type GrantedRegionExtension = z.infer<typeof grantedRegionExtension>;
