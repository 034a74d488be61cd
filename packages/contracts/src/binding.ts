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
