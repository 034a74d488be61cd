import { z } from 'zod';

// 企业名录库: the import preview and its confirmation, 加入本期应报, and the scope thresholds a province runs.

/** One field that an import row changes on an enterprise already listed. */
export const directoryFieldChange = z.object({
  field: z.string(),
  label: z.string(),
  from: z.string(),
  to: z.string(),
});
export type DirectoryFieldChange = z.infer<typeof directoryFieldChange>;

export const directoryPreviewRow = z.object({
  /** The row of the sheet (1 is the header). */
  row: z.number().int(),
  uscc: z.string(),
  name: z.string(),
  kind: z.enum(['new', 'updated', 'unchanged', 'refused']),
  /** For updated rows: each field that changes, old → new. */
  changes: z.array(directoryFieldChange),
  /** The 纳统 flag before and after, when the row changes it (or sets it on a new enterprise). */
  scopeChange: z.object({ from: z.boolean().nullable(), to: z.boolean(), reason: z.string() }).nullable(),
  /** For refused rows: each reason, naming the row and column. */
  reasons: z.array(z.string()),
});
export type DirectoryPreviewRow = z.infer<typeof directoryPreviewRow>;

export const directoryImportPreview = z.object({
  previewId: z.uuid(),
  fileName: z.string(),
  expiresAt: z.string(),
  total: z.number().int(),
  counts: z.object({
    new: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
    scopeChanged: z.number().int(),
  }),
  rows: z.array(directoryPreviewRow),
});
export type DirectoryImportPreview = z.infer<typeof directoryImportPreview>;

export const confirmDirectoryImportBody = z.object({
  /** 加入本期应报: the new and newly 纳统 enterprises join the open tasks that select them. */
  joinOpenTasks: z.boolean().default(false),
});
export type ConfirmDirectoryImportBody = z.infer<typeof confirmDirectoryImportBody>;

export const directoryImportResult = z.object({
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  refused: z.number().int(),
  /** Obligations added to open tasks by the confirmation's decision. */
  joinedObligations: z.number().int(),
});
export type DirectoryImportResult = z.infer<typeof directoryImportResult>;

/** The open tasks an enterprise could join (加入本期应报), and the answer of joining them. */
export const joinableTasks = z.object({
  tasks: z.array(z.object({ taskId: z.string(), taskName: z.string() })),
});
export type JoinableTasks = z.infer<typeof joinableTasks>;

export const scopeThresholdOption = z.object({
  id: z.string(),
  label: z.string(),
  source: z.string(),
});

export const scopeSettings = z.object({
  provinceCode: z.string(),
  /** The thresholds in force for the province, and whether the province chose them. */
  activeId: z.string(),
  isChosen: z.boolean(),
  options: z.array(scopeThresholdOption),
});
export type ScopeSettings = z.infer<typeof scopeSettings>;

export const scopeSettingsBody = z.object({
  scopeThresholdsId: z.string().min(1, '请选择纳统条件'),
});
export type ScopeSettingsBody = z.infer<typeof scopeSettingsBody>;

/** The divisions an administrator may list enterprises in (for the 行政区划代码 cascader). */
export const directoryDivisions = z.object({
  divisions: z.array(
    z.object({ code: z.string(), name: z.string(), parentCode: z.string().nullable(), level: z.string() }),
  ),
});
export type DirectoryDivisions = z.infer<typeof directoryDivisions>;
