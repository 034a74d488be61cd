import { z } from 'zod';

// 原平台数据迁入 (issue 21): the ministry's page that moves in an export of the old platform and follows the run.

export const movingInCounts = z.object({
  enterprisesAdded: z.number().int(),
  enterprisesUnchanged: z.number().int(),
  accountsAdded: z.number().int(),
  accountsUnchanged: z.number().int(),
  filingsAdded: z.number().int(),
  filingsUnchanged: z.number().int(),
  refusedRows: z.number().int(),
});
export type MovingInCounts = z.infer<typeof movingInCounts>;

/** One import run: where it is (the file it reads, n of all, rows read of it) and its counts so far or in the end. */
export const movingInRunView = z.object({
  id: z.string(),
  folder: z.string(),
  status: z.enum(['running', 'finished', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: z
    .object({
      file: z.string(),
      fileNumber: z.number().int(),
      files: z.number().int(),
      rows: z.number().int(),
    })
    .nullable(),
  counts: movingInCounts.nullable(),
});
export type MovingInRunView = z.infer<typeof movingInRunView>;

/** The export folders ready to move in (under MOVING_IN_DIR) and the latest runs. */
export const movingInOverview = z.object({
  directory: z.string(),
  folders: z.array(z.string()),
  runs: z.array(movingInRunView),
});
export type MovingInOverview = z.infer<typeof movingInOverview>;

export const movingInRefusal = z.object({
  file: z.string(),
  row: z.number().int(),
  column: z.string().nullable(),
  reason: z.string(),
});
export type MovingInRefusal = z.infer<typeof movingInRefusal>;

/** A run with the rows it refused (the first 1,000; `refusalCount` says how many in all). */
export const movingInRunDetail = movingInRunView.extend({
  refusals: z.array(movingInRefusal),
  refusalCount: z.number().int(),
});
export type MovingInRunDetail = z.infer<typeof movingInRunDetail>;

export const startMovingInBody = z.object({
  folder: z.string().trim().min(1, '请选择原平台导出文件夹'),
});
export type StartMovingInBody = z.infer<typeof startMovingInBody>;
