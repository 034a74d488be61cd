import { z } from 'zod';
import { periodType, regionLevel } from './common.ts';
import { officialSummaryTableSchema } from './official-summary.ts';
import { passUpSnapshotSchema } from './region-workflow.ts';

// A region's pass-up as a signed package for another Zhibao instance (a province running its own, an association
// collecting for a city): the 汇总表, the snapshot's totals and, where the receiver may hold them, the approved
// filings in the filing interchange format. Signed with the sender's Ed25519 key over the canonical JSON of the
// payload; the receiver verifies, checks that the parts agree, and keeps one copy per sender, region and period.

export const PASS_UP_PACKAGE_FORMAT = 'zhibao-pass-up';
export const PASS_UP_PACKAGE_VERSION = 1;

export const passUpPayloadSchema = z.object({
  sender: z.object({ keyId: z.string().min(1), name: z.string().min(1) }),
  region: z.object({
    code: z.string().regex(/^\d{6}$/, '地区代码应为6位数字'),
    name: z.string(),
    level: regionLevel,
  }),
  task: z.object({ name: z.string(), periodType, period: z.string(), editionId: z.string() }),
  passedUpAt: z.iso.datetime({ offset: true, error: '上报时间应为 ISO 8601 时间' }),
  snapshot: passUpSnapshotSchema,
  summaryTable: officialSummaryTableSchema,
  /** The approved filings, each a filing interchange document (checked one by one on import); null: not sent. */
  filings: z.array(z.unknown()).nullable(),
});
export type PassUpPayload = z.infer<typeof passUpPayloadSchema>;

export const passUpPackageSchema = z.object({
  format: z.literal(PASS_UP_PACKAGE_FORMAT, `不是直报上报包（format 应为 ${PASS_UP_PACKAGE_FORMAT}）`),
  version: z.literal(PASS_UP_PACKAGE_VERSION, `本系统只读第 ${PASS_UP_PACKAGE_VERSION} 版上报包`),
  payload: passUpPayloadSchema,
  signature: z.object({
    algorithm: z.literal('ed25519', '签名算法应为 ed25519'),
    keyId: z.string().min(1, '缺少签名密钥编号'),
    value: z.base64('签名应为 Base64'),
  }),
});
export type PassUpPackage = z.infer<typeof passUpPackageSchema>;

/** GET …/region-submissions/:id/package: with the approved filings when the receiver may hold them. */
export const passUpPackageQuery = z.object({
  withFilings: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

/** What an import did: a new region-period, a newer pass-up replacing the one held, or the same package again. */
export const passUpImportSummarySchema = z.object({
  id: z.uuid(),
  outcome: z.enum(['created', 'updated', 'unchanged']),
  senderName: z.string(),
  region: z.object({ code: z.string(), name: z.string() }),
  taskName: z.string(),
  periodLabel: z.string(),
  passedUpAt: z.string(),
  filingCount: z.number().int(),
  /** 报表数 and the key indicators' 合计 as received. */
  tableFilingCount: z.number().int().nullable(),
  totals: z.array(z.object({ id: z.string(), name: z.string(), value: z.number().nullable() })),
});
export type PassUpImportSummary = z.infer<typeof passUpImportSummarySchema>;

export const receivedPassUpParams = z.object({ receivedId: z.uuid('上报包编号格式有误') });

/** A package held, as 已接收的上报包 lists it: the latest pass-up of a sender, region and period. */
export const receivedPassUpSchema = z.object({
  id: z.uuid(),
  senderName: z.string(),
  region: z.object({ code: z.string(), name: z.string() }),
  taskName: z.string(),
  periodLabel: z.string(),
  passedUpAt: z.string(),
  receivedAt: z.string(),
  /** The administrator who took it in. */
  receivedBy: z.string(),
  filingCount: z.number().int(),
});
export type ReceivedPassUpItem = z.infer<typeof receivedPassUpSchema>;
