import { z } from 'zod';
import { isoDateTime, periodType } from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const applicableTasksQuery = z.object({
  keyword: z.string().trim().max(50, '关键字不超过50个字').optional(),
});

export const applyForTaskBody = z.object({ taskId: z.uuid('任务编号格式不正确') });

export const applicationsInRegionQuery = z.object({
  status: z
    .enum(['pending', 'approved', 'refused'], { error: '状态应为 pending、approved 或 refused' })
    .default('pending'),
});

export const applicationParams = z.object({ applicationId: z.uuid('申请编号格式不正确') });

export const refuseApplicationBody = z.object({
  reason: z
    .string({ error: '请填写不通过的原因' })
    .trim()
    .min(1, '请填写不通过的原因')
    .max(500, '不通过的原因不超过500个字'),
});

// ── responses ───────────────────────────────────────────────────────────────────────────────

export const taskApplicationStatus = z.enum(['pending', 'approved', 'refused']);
export type TaskApplicationStatus = z.infer<typeof taskApplicationStatus>;

/** A task an enterprise may apply to file (GET /api/enterprise/task-applications). */
export const applicableTask = z.object({
  taskId: z.string(),
  taskName: z.string(),
  periodType,
  period: z.string(),
  periodLabel: z.string(),
  closesAt: isoDateTime,
  /** 'not_applied' (未申请), then the application's status (待审核 / 已通过 / 未通过). */
  status: z.enum(['not_applied', ...taskApplicationStatus.options]),
  decisionNote: z.string().nullable(),
});
export type ApplicableTask = z.infer<typeof applicableTask>;
export type ApplicationStatus = ApplicableTask['status'];

/** An enterprise's 任务申请 as the administrators see it (GET /api/admin/task-applications). */
export const taskApplicationView = z.object({
  id: z.string(),
  taskId: z.string(),
  taskName: z.string(),
  periodLabel: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  uscc: z.string(),
  regionName: z.string(),
  status: taskApplicationStatus,
  appliedAt: isoDateTime,
  decidedAt: isoDateTime.nullable(),
  decisionNote: z.string().nullable(),
});
export type TaskApplicationView = z.infer<typeof taskApplicationView>;
