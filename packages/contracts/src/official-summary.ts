import { z } from 'zod';
import { aggregationQuery } from './aggregation.ts';

// The official 汇总表 as data: what the .xlsx and the PDF are drawn from, what a pass-up keeps as sent and what a
// pass-up package carries to another instance. Both files are regenerated from it exactly.

/** One indicator's four figures in a row: 本期, 去年同期, 增速 (%) and 同口径增速 (%); null where there is none. */
export const summaryFiguresSchema = z.object({
  current: z.number().nullable(),
  lastYear: z.number().nullable(),
  growth: z.number().nullable(),
  sameSetGrowth: z.number().nullable(),
});
export type SummaryFigures = z.infer<typeof summaryFiguresSchema>;

export const summaryRowSchema = z.object({
  /** 'total' (合计), 'section' (按地区分 …, no figures) or a 'row' of a section. */
  kind: z.enum(['total', 'section', 'row']),
  label: z.string(),
  filingCount: z.number().int().nullable(),
  /** In the order of the table's indicators. */
  figures: z.array(summaryFiguresSchema),
});
export type SummaryRow = z.infer<typeof summaryRowSchema>;

export const officialSummaryTableSchema = z.object({
  title: z.string(),
  /** 表号, 制定机关, 批准机关, 批准文号, 有效期 as one line, as the printed forms carry it. */
  formLine: z.string(),
  /** 填报地区, 报告期, 计量单位, 报表数, 口径. */
  regionLine: z.string(),
  region: z.object({ code: z.string(), name: z.string() }),
  periodLabel: z.string(),
  comparisonPeriodLabel: z.string().nullable(),
  indicators: z.array(z.object({ id: z.string(), label: z.string(), name: z.string() })),
  rows: z.array(summaryRowSchema),
  /** 单位负责人 … 报出日期. */
  footer: z.string(),
});
export type OfficialSummaryTable = z.infer<typeof officialSummaryTableSchema>;

/** The 汇总表 as .xlsx (by default) or as a printable PDF. */
export const summaryTableFormat = z.enum(['xlsx', 'pdf'], '格式应为 xlsx 或 pdf').default('xlsx');

/** GET /api/admin/aggregation/summary-table: the 汇总 query and the file's format. */
export const summaryTableQuery = aggregationQuery.extend({ format: summaryTableFormat });

/** A kept 汇总表 (a pass-up's, a received package's) as a file. */
export const summaryTableFileQuery = z.object({ format: summaryTableFormat });
