import { z } from 'zod';
import { isoDateTime } from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const noticeParams = z.object({ noticeId: z.uuid('消息编号格式有误') });

// ── responses ───────────────────────────────────────────────────────────────────────────────

/** 消息: what administrators sent the enterprise (GET /api/enterprise/notices). */
export const noticeView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  filingId: z.string().nullable(),
  taskId: z.string().nullable(),
  createdAt: isoDateTime,
  isRead: z.boolean(),
});
export type NoticeView = z.infer<typeof noticeView>;
