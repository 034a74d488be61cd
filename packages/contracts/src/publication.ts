import { z } from 'zod';
import { aggregationQuery } from './aggregation.ts';

// 对外发布: the region × industry table of 软件业务收入 and its classes, protected by the disclosure rules of the
// survey edition (packages/statistics). Administrators see every cell with why it is hidden; the exported file
// carries the published cells only.

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const publicationQuery = aggregationQuery.pick({ taskId: true, regionCode: true });

export const publicationExportQuery = publicationQuery.extend({
  format: z.enum(['xlsx', 'csv'], '导出格式应为 xlsx 或 csv').default('xlsx'),
});

// ── responses ───────────────────────────────────────────────────────────────────────────────

export const suppressionReason = z.enum(['frequency', 'dominance', 'p-percent', 'secondary']);

export const publicationCell = z.object({
  /** The true total (万元); only administrators see it — the published file omits it when suppressed. */
  value: z.number(),
  isSuppressed: z.boolean(),
  reasons: z.array(suppressionReason),
  /** The interval an attacker can infer from the published cells (LP audit), for a suppressed cell. */
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  /** The distance the interval must reach on each side (0 for a secondary cell). */
  requiredProtection: z.number().nullable(),
});

export const publicationRow = z.object({
  regionCode: z.string(),
  regionLabel: z.string(),
  industryCode: z.string(),
  industryLabel: z.string(),
  /** 0 for the region's total, 1 for a child region. */
  regionDepth: z.number().int(),
  /** 0 for all industries, 1 for a 2-digit group, 2 for a 4-digit class. */
  industryDepth: z.number().int(),
  cells: z.array(publicationCell),
});

export const publicationReport = z.object({
  task: z.object({ id: z.string(), name: z.string(), periodLabel: z.string() }),
  region: z.object({ code: z.string(), name: z.string() }),
  rules: z.object({
    minContributors: z.number(),
    dominanceN: z.number(),
    dominanceK: z.number(),
    pPercent: z.number(),
    protectionPercent: z.number(),
  }),
  columns: z.array(z.object({ id: z.string(), name: z.string(), unit: z.string().nullable() })),
  rows: z.array(publicationRow),
  filingCount: z.number().int(),
  primaryCount: z.number().int(),
  secondaryCount: z.number().int(),
  /** Whether the audit found every primary cell protected (always true unless the method failed). */
  isProtected: z.boolean(),
  /**
   * 增速 (同比, %) of the region's headline total: published only when the period is closed and the total itself
   * is published; an open period's is provisional (初步) and withheld; without last year's total, unavailable.
   */
  headlineGrowth: z.object({
    name: z.string(),
    comparisonPeriodLabel: z.string().nullable(),
    growth: z.number().nullable(),
    status: z.enum(['published', 'provisional', 'suppressed', 'unavailable']),
  }),
});

export type PublicationQuery = z.infer<typeof publicationQuery>;
export type PublicationReport = z.infer<typeof publicationReport>;
export type PublicationRow = z.infer<typeof publicationRow>;
export type SuppressionReasonCode = z.infer<typeof suppressionReason>;
