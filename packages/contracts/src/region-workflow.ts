import { z } from 'zod';

/*
 * The region workflow above the single filing: the completeness figures (one definition at every level), a
 * region's pass-up (上报至上级) with the snapshot it froze, excusals of obligations (免报), an upper level's
 * takeover of a region's review (代为审核) and notices to a region's administrators.
 */

const adminLevel = z.enum(['county', 'city', 'province', 'ministry']);

/**
 * The completeness figures of a task in a region, the same whoever looks (a district's 已审 is what its own
 * administrators see, at the city as at the district):
 * - 应报 (expected): the enterprises of the region the task obliges, and any other that has a filing of it, except
 *   those counted 待申请;
 * - 待申请 (awaitingApplication): obliged by a 省/市 task that is taken up by applying, with neither a filing nor an
 *   approved application yet: counted apart from 应报 (and from every figure below) until it applies;
 * - 已报 (submitted): of those, the ones whose filing is submitted or approved now;
 * - 按时上报 (onTime): of 已报, the ones first submitted by the enterprise's deadline (an extension counts);
 * - 已审 (approved): of 应报, the ones whose filing passed the review of the region's own level;
 * - 免报 (excused): of 应报, the ones an administrator excused with a reason, not 已审;
 * - 待办 (outstanding): 应报 − 已审 − 免报: what keeps the region from passing up.
 * 按时上报率 = 按时上报 / (应报 − 免报), null when nothing is due.
 */
export const completenessFiguresSchema = z.object({
  expected: z.number().int(),
  submitted: z.number().int(),
  onTime: z.number().int(),
  approved: z.number().int(),
  excused: z.number().int(),
  /** Snapshots frozen before 待申请 was counted apart read 0. */
  awaitingApplication: z.number().int().default(0),
  outstanding: z.number().int(),
  onTimeRate: z.number().nullable(),
});
export type CompletenessFigures = z.infer<typeof completenessFiguresSchema>;

/** Why an obligation is excused: 停业, 注销, 迁出, 不再纳统. */
export const excusalReasons = ['closed', 'deregistered', 'moved-out', 'out-of-scope'] as const;
export const excusalReasonSchema = z.enum(excusalReasons);
export type ExcusalReason = z.infer<typeof excusalReasonSchema>;
export const excusalReasonLabel: Record<ExcusalReason, string> = {
  closed: '停业',
  deregistered: '注销',
  'moved-out': '迁出',
  'out-of-scope': '不再纳统',
};

/** What a pass-up froze: the figures and the region's totals (indicator id → value) as they were passed. */
export const passUpSnapshotSchema = z.object({
  figures: completenessFiguresSchema,
  totals: z.record(z.string(), z.number().nullable()),
  takenAt: z.string(),
});
export type PassUpSnapshot = z.infer<typeof passUpSnapshotSchema>;

/** How a later change below moved a passed-up region: each figure's and total's change (now − passed). */
export const passUpDifferenceSchema = z.object({
  figures: z.record(z.string(), z.number()),
  totals: z.record(z.string(), z.number()),
});
export type PassUpDifference = z.infer<typeof passUpDifferenceSchema>;

export const regionSubmissionStatusSchema = z.enum(['submitted', 'returned', 'reopened', 'not_submitted']);
export type RegionSubmissionStatus = z.infer<typeof regionSubmissionStatusSchema>;

export const excusalViewSchema = z.object({
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionName: z.string(),
  reason: excusalReasonSchema,
  reasonLabel: z.string(),
  note: z.string().nullable(),
  excusedBy: z.string(),
  excusedLevel: adminLevel,
  excusedAt: z.string(),
});
export type ExcusalView = z.infer<typeof excusalViewSchema>;

export const takeoverViewSchema = z.object({
  byRegionCode: z.string(),
  byRegionName: z.string(),
  byLevel: adminLevel,
  byUser: z.string(),
  reason: z.enum(['deadline-passed', 'no-active-admin']),
  at: z.string(),
});
export type TakeoverView = z.infer<typeof takeoverViewSchema>;

/** One region on a level's pass-up list (its own, or a direct child's), with its live figures. */
export const regionPassUpViewSchema = z.object({
  id: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  level: adminLevel,
  status: regionSubmissionStatusSchema,
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  returnReason: z.string().nullable(),
  deadline: z.string().nullable(),
  isLate: z.boolean(),
  /** The figures now; the snapshot holds them as passed. */
  figures: completenessFiguresSchema,
  snapshot: passUpSnapshotSchema.nullable(),
  reopenedAt: z.string().nullable(),
  reopenDifference: passUpDifferenceSchema.nullable(),
  takeover: takeoverViewSchema.nullable(),
  /** The region has no administrator who can sign in. */
  hasActiveAdmin: z.boolean(),
  /** Whether the viewer may take its review over now (its deadline passed, or nobody can do it). */
  canTakeOver: z.boolean(),
  /** Whether its own children have a pass-up list to drill into (a city's districts). */
  hasChildren: z.boolean(),
});
export type RegionPassUpView = z.infer<typeof regionPassUpViewSchema>;

export const regionPassUpListSchema = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: adminLevel }),
  own: regionPassUpViewSchema.nullable(),
  /** The direct children below in the chain: drill down (regionCode) for theirs. */
  children: z.array(regionPassUpViewSchema),
  excusals: z.array(excusalViewSchema),
  waitingHere: z.number().int(),
  reviewDeadline: z.string().nullable(),
});
export type RegionPassUpList = z.infer<typeof regionPassUpListSchema>;

export const regionPassUpQuerySchema = z.object({
  taskId: z.uuid('任务编号格式不正确'),
  /** A child region to drill into; the administrator's own region when absent. */
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为6位数字')
    .optional(),
});

export const submitRegionBodySchema = z.object({
  taskId: z.uuid('任务编号格式不正确'),
  /** A region below whose review the administrator took over; their own region when absent. */
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为6位数字')
    .optional(),
});

export const excuseObligationBodySchema = z.object({
  taskId: z.uuid('任务编号格式不正确'),
  enterpriseId: z.uuid('企业编号格式不正确'),
  reason: excusalReasonSchema,
  note: z.string().trim().max(200, '说明不超过200个字').optional(),
});
export type ExcuseObligationInput = z.infer<typeof excuseObligationBodySchema>;

export const takeOverRegionBodySchema = z.object({
  taskId: z.uuid('任务编号格式不正确'),
  regionCode: z.string().regex(/^\d{6}$/, '地区代码应为6位数字'),
});

export const remindRegionBodySchema = z.object({
  taskId: z.uuid('任务编号格式不正确'),
  regionCode: z.string().regex(/^\d{6}$/, '地区代码应为6位数字'),
  message: z.string().trim().max(200, '提醒内容不超过200个字').optional(),
});

export const regionNoticeSchema = z.object({
  id: z.string(),
  kind: z.enum(['region-reminder', 'region-returned', 'pass-up-reopened', 'region-taken-over']),
  title: z.string(),
  body: z.string(),
  taskId: z.string().nullable(),
  createdAt: z.string(),
  isRead: z.boolean(),
});
export type RegionNotice = z.infer<typeof regionNoticeSchema>;
