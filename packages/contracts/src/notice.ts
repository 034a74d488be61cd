import { z } from 'zod';
import { isoDateTime } from './common.ts';

// ── requests ────────────────────────────────────────────────────────────────────────────────

export const noticeParams = z.object({ noticeId: z.uuid('消息编号格式有误') });

// ── responses ───────────────────────────────────────────────────────────────────────────────

export const noticeKinds = [
  'filing-returned',
  'reminder',
  'application-invitation',
  'extension',
  'task-application-decided',
  'change-request-decided',
  'account-mobile-reset',
] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** 消息: one notice on an enterprise's board (退回, 催报, 延期, decisions), newest first. */
export const noticeView = z.object({
  id: z.string(),
  kind: z.enum(noticeKinds),
  title: z.string(),
  body: z.string(),
  filingId: z.string().nullable(),
  taskId: z.string().nullable(),
  createdAt: isoDateTime,
  isRead: z.boolean(),
});
export type NoticeView = z.infer<typeof noticeView>;

/** GET /api/enterprise/notices. */
export const noticeList = z.object({
  items: z.array(noticeView),
  /** Unread notices in all, not only among the listed ones. */
  unreadCount: z.number().int(),
});
export type NoticeList = z.infer<typeof noticeList>;

/** What a 催报 did for each enterprise: a reminder to file, or an invitation to apply for a 省/市 task. */
export const reminderResult = z.object({
  notified: z.number().int(),
  sms: z.object({ queued: z.number().int() }),
  recipients: z.array(
    z.object({
      enterpriseId: z.string(),
      name: z.string(),
      kind: z.enum(['file', 'apply']),
      /** Distinct mobile numbers of the enterprise's active filers the SMS went to; 0 = none could be sent. */
      smsRecipients: z.number().int(),
    }),
  ),
  /** Left out, with the reason: an application for the task that awaits the administrators' decision or was refused. */
  skipped: z.array(
    z.object({
      enterpriseId: z.string(),
      name: z.string(),
      reason: z.enum(['application-pending', 'application-refused']),
    }),
  ),
});
export type ReminderResult = z.infer<typeof reminderResult>;
