import { z } from 'zod';

const text = (label: string, max = 100) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}个字`);

/** 绑定企业: the enterprise's information as the directory (名录库) holds it; scans come as files. */
export const bindingBody = z.object({
  uscc: text('统一社会信用代码', 18).transform((value) => value.toUpperCase()),
  enterpriseName: text('企业名称'),
  legalRepresentative: text('法定代表人姓名', 50),
  industry: z.string({ error: '请选择所属行业' }).min(1, '请选择所属行业'),
});

// Invisible characters (zero-width spaces, joiners, BOM) do not make a reason.
const invisible = /[\s\u200B-\u200D\u2060\uFEFF]/g;

/** 审核: approve, or refuse with a reason the requester can act on. */
export const bindingDecisionBody = z
  .object({
    decision: z.enum(['approve', 'refuse'], { error: '请选择通过或不予通过' }),
    reason: z.string().max(500, '理由不能超过500个字').optional(),
  })
  .refine((body) => body.decision === 'approve' || (body.reason ?? '').replace(invisible, '').length > 0, {
    path: ['reason'],
    message: '请填写不予通过的理由，申请人将看到该理由',
  });

export const bindingRequestParams = z.object({ requestId: z.uuid('申请编号格式不正确') });
export const bindingDocumentParams = z.object({
  requestId: z.uuid('申请编号格式不正确'),
  documentId: z.uuid('文件编号格式不正确'),
});
export const bindingQueueQuery = z.object({
  status: z.enum(['pending', 'decided']).default('pending'),
});
export type BindingDecisionInput = z.input<typeof bindingDecisionBody>;

// ── responses ───────────────────────────────────────────────────────────────────────────────

export const bindingRequestStatus = z.enum(['pending', 'approved', 'refused', 'withdrawn']);
export type BindingRequestStatus = z.infer<typeof bindingRequestStatus>;

/** The requester's own binding request (GET /api/account/binding-request). */
export const bindingRequestView = z.object({
  id: z.string(),
  status: bindingRequestStatus,
  reviewer: z.enum(['manager', 'administrator']),
  enterprise: z.object({ name: z.string(), uscc: z.string() }),
  isLegalPersonClaim: z.boolean(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type BindingRequestView = z.infer<typeof bindingRequestView>;

export const bindingDocumentKind = z.enum(['identity_document', 'business_license', 'authorization_letter']);
export type BindingDocumentKind = z.infer<typeof bindingDocumentKind>;
const bindingDocuments = z.array(z.object({ id: z.string(), kind: bindingDocumentKind }));

const accountTypeOfRequester = z.enum(['natural_person', 'legal_person']);

/** A request the enterprise's manager decides (GET /api/account/binding-requests). */
export const managerBindingRequest = z.object({
  id: z.string(),
  requesterName: z.string(),
  requesterUsername: z.string(),
  maskedMobile: z.string().nullable(),
  accountType: accountTypeOfRequester,
  requestedAt: z.string(),
  documents: bindingDocuments,
});
export type ManagerBindingRequest = z.infer<typeof managerBindingRequest>;

const registryResult = z.enum(['confirmed', 'unconfirmed']);

/** A request of the administrators' review queue (GET /api/admin/binding-requests). */
export const bindingReviewItem = z.object({
  id: z.string(),
  status: bindingRequestStatus,
  enterprise: z.object({ id: z.string(), name: z.string(), uscc: z.string() }),
  regionName: z.string(),
  requesterName: z.string(),
  accountType: accountTypeOfRequester,
  isLegalPersonClaim: z.boolean(),
  registryResult,
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type BindingReviewItem = z.infer<typeof bindingReviewItem>;

/** One request with what the reviewer compares (GET /api/admin/binding-requests/:requestId). */
export const bindingReview = z.object({
  id: z.string(),
  status: bindingRequestStatus,
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  isLegalPersonClaim: z.boolean(),
  registryResult,
  enterprise: z.object({
    id: z.string(),
    name: z.string(),
    uscc: z.string(),
    legalRepresentative: z.string(),
    regionName: z.string(),
    currentManagers: z.array(z.string()),
  }),
  requester: z.object({
    username: z.string(),
    maskedMobile: z.string().nullable(),
    accountType: accountTypeOfRequester,
    realName: z.string(),
    idType: z.string(),
    maskedIdNumber: z.string(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    contactAddress: z.string(),
    organizationName: z.string().nullable(),
    verificationStatus: z.enum(['submitted', 'confirmed']),
  }),
  documents: bindingDocuments,
});
export type BindingReview = z.infer<typeof bindingReview>;

/** The answer to a binding decision. */
export const bindingDecided = z.object({ id: z.string(), status: z.enum(['approved', 'refused']) });
export type BindingDecided = z.infer<typeof bindingDecided>;
