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

// ── 通知公告 ─────────────────────────────────────────────────────────────────────────────────

/** Who an announcement is for, inside the publishing region and the regions below it. */
export const announcementAudience = z.enum(
  ['enterprises', 'administrators', 'all'],
  '发布对象应为企业、下级管理员或全部',
);
export type AnnouncementAudience = z.infer<typeof announcementAudience>;

/** 通知, or 制度文件与操作手册: the survey's 制度 and the filing manual, listed for download on the 填报业务指南. */
export const announcementCategory = z.enum(['notice', 'document'], '类别应为通知或制度文件与手册');
export type AnnouncementCategory = z.infer<typeof announcementCategory>;

export const announcementParams = z.object({ announcementId: z.uuid('公告编号格式有误') });
export const announcementAttachmentParams = announcementParams.extend({
  attachmentId: z.uuid('附件编号格式有误'),
});

/** The most attachments one announcement carries (fields attachment1 … attachment3 of the form). */
export const announcementAttachmentFields = ['attachment1', 'attachment2', 'attachment3'] as const;

/** 发布通知公告: the text fields of the multipart form (the files ride along as attachment1 … attachment3). */
export const announcementForm = z.object({
  title: z.string().trim().min(1, '请填写标题').max(100, '标题不能超过100个字'),
  body: z.string().trim().min(1, '请填写正文').max(10_000, '正文不能超过10000个字'),
  audience: announcementAudience,
  category: announcementCategory.default('notice'),
  isPinned: z
    .enum(['true', 'false'], '置顶应为是或否')
    .default('false')
    .transform((value) => value === 'true'),
  /** The last day it shows (China time); absent: until withdrawn. */
  expiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '有效期至应为日期（YYYY-MM-DD）')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
export type AnnouncementForm = z.input<typeof announcementForm>;

export const announcementView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  audience: announcementAudience,
  category: announcementCategory,
  isPinned: z.boolean(),
  expiresAt: isoDateTime.nullable(),
  publishedAt: isoDateTime,
  /** The publishing region, e.g. 重庆市 for the city's notice. */
  publisher: z.object({ regionCode: z.string(), regionName: z.string() }),
  attachments: z.array(
    z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), byteSize: z.number().int() }),
  ),
  isRead: z.boolean(),
  /** Published by the reader's own region (an administrator may withdraw it). */
  isOwn: z.boolean(),
});
export type AnnouncementView = z.infer<typeof announcementView>;

/** GET /api/announcements: pinned first, then newest; the expired and withdrawn left out. */
export const announcementList = z.object({
  items: z.array(announcementView),
  unreadCount: z.number().int(),
});
export type AnnouncementList = z.infer<typeof announcementList>;
