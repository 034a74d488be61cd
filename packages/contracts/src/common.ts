import type { FormId } from '@zhibao/survey';
import { z } from 'zod';

// Shapes several modules share: the levels of the administrative hierarchy, the states of a filing, the values
// and findings of a filing as the survey package types them.

export const adminLevels = ['county', 'city', 'province', 'ministry'] as const;
export const adminLevel = z.enum(adminLevels);
export type AdminLevel = z.infer<typeof adminLevel>;

export const regionLevel = z.enum(['nation', 'province', 'city', 'county']);
export type RegionLevel = z.infer<typeof regionLevel>;

export const periodType = z.enum(['month', 'year']);
export type PeriodType = z.infer<typeof periodType>;

/** The states of a filing row; a task the enterprise has not started shows as `not_started`. */
export const filingStatus = z.enum(['draft', 'submitted', 'returned', 'approved']);
export type FilingStatus = z.infer<typeof filingStatus>;
export const filingStatusOrNotStarted = z.enum(['not_started', ...filingStatus.options]);
export type FilingStatusOrNotStarted = z.infer<typeof filingStatusOrNotStarted>;

export const taskAudience = z.enum(['by-period', 'in-scope', 'key-enterprises']);
export type TaskAudience = z.infer<typeof taskAudience>;

/** An ISO 8601 timestamp as the server writes it (`Date#toISOString`). */
export const isoDateTime = z.iso.datetime();

/**
 * Where the figures of a heavy read (汇总, 报送进度) came from, and the moment they are current to: a streaming
 * replica's figures trail the primary's, and a page that shows them says so (数据截至 HH:mm:ss).
 */
export const readFreshness = z.object({ source: z.enum(['primary', 'replica']), asOf: isoDateTime });
export type ReadFreshness = z.infer<typeof readFreshness>;

export const cellValue = z.union([z.number(), z.string(), z.null()]);

const formIds = [
  'basic',
  'finance',
  'business',
  'revenue-classification',
  'ai',
  'monthly',
] as const satisfies readonly FormId[];
// Fails to compile when the survey package gains a form this list does not name.
const everyFormId: Record<FormId, true> = Object.fromEntries(formIds.map((id) => [id, true])) as Record<
  (typeof formIds)[number],
  true
>;
export const formId = z.enum(Object.keys(everyFormId) as [FormId, ...FormId[]]);

/** Typed values by form id and cell key (the survey package's `FilingValues`). */
export const filingValues = z.partialRecord(formId, z.record(z.string(), cellValue));

export const cellRef = z.object({ formId, key: z.string() });

/** One finding of the survey package's audit. */
export const finding = z.object({
  ruleId: z.string(),
  severity: z.enum(['error', 'warning', 'hint']),
  message: z.string(),
  cells: z.array(cellRef).readonly(),
});

export const cellComment = z.object({ formId: z.string(), key: z.string(), comment: z.string() });
export type CellComment = z.infer<typeof cellComment>;

/** One cell whose value differs between two versions of a filing. */
export const cellChange = z.object({
  formId: z.string(),
  key: z.string(),
  label: z.string(),
  name: z.string(),
  before: cellValue,
  after: cellValue,
});
export type CellChange = z.infer<typeof cellChange>;

/** A submitted version of a filing. */
export const revisionSummaryFields = {
  revisionNo: z.number(),
  submittedAt: isoDateTime,
  submittedBy: z.string().nullable(),
};

export const filingParams = z.object({ filingId: z.uuid('报表编号格式有误') });

/** A list answer. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** One page of a list. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });
export interface Page<T> {
  items: T[];
  total: number;
}

/** A server-paged list's page (from 1) and page size (default 100, at most 200). */
export const pageFields = {
  page: z.coerce.number().int('页码应为整数').min(1, '页码从1开始').default(1),
  pageSize: z.coerce
    .number()
    .int('每页条数应为整数')
    .min(1, '每页至少1条')
    .max(200, '每页最多200条')
    .default(100),
};
