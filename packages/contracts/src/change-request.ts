import { z } from 'zod';
import { adminLevel, isoDateTime } from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const changeRequestParams = z.object({ changeRequestId: z.uuid('更正申请编号格式有误') });

export const applyForChangeBody = z.object({
  reason: z
    .string('请填写更正理由')
    .trim()
    .min(5, '更正理由至少5个字，请写明要更正的内容和原因')
    .max(1000, '更正理由不超过1000个字'),
});

export const grantChangeBody = z.object({
  note: z
    .string()
    .trim()
    .max(1000, '审核意见不超过1000个字')
    .optional()
    .transform((note) => note || null),
});

export const refuseChangeBody = z.object({
  note: z.string('请填写不同意的理由').trim().min(2, '请填写不同意的理由').max(1000, '理由不超过1000个字'),
});

export const changeRequestListQuery = z.object({
  status: z.enum(['pending', 'granted', 'refused', 'all']).default('pending'),
});
export type ChangeRequestListQuery = z.infer<typeof changeRequestListQuery>;
export type ChangeRequestStatusFilter = ChangeRequestListQuery['status'];

// ── responses ───────────────────────────────────────────────────────────────────────────────

export const changeRequestStatus = z.enum(['pending', 'granted', 'refused']);

/** An enterprise's 更正申请 for a filing. */
export const changeRequestView = z.object({
  id: z.string(),
  filingId: z.string(),
  taskId: z.string(),
  taskName: z.string(),
  periodLabel: z.string(),
  enterpriseName: z.string(),
  uscc: z.string(),
  regionName: z.string(),
  reason: z.string(),
  status: changeRequestStatus,
  decidingLevel: adminLevel,
  requestedBy: z.string(),
  requestedAt: isoDateTime,
  decidedBy: z.string().nullable(),
  decidedAt: isoDateTime.nullable(),
  decisionNote: z.string().nullable(),
  /** Whether the actor may grant or refuse it now. */
  canDecide: z.boolean(),
});
export type ChangeRequestView = z.infer<typeof changeRequestView>;

/** The requests of one filing (GET /api/filings/:filingId/change-requests). */
export const filingChangeRequests = z.object({
  items: z.array(changeRequestView),
  canApply: z.boolean(),
  applyRefusal: z.string().nullable(),
  /** The level a new request would go to. */
  decidingLevel: adminLevel,
});
export type FilingChangeRequests = z.infer<typeof filingChangeRequests>;

/** The requests an administrator sees (GET /api/admin/change-requests). */
export const changeRequestsInRegion = z.object({
  items: z.array(changeRequestView),
  pendingForMe: z.number(),
});
export type ChangeRequestsInRegion = z.infer<typeof changeRequestsInRegion>;
