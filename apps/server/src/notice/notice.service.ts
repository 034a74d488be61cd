import type { NoticeList, NoticeView } from '@zhibao/contracts';
import { notFound } from '../http/app-error.ts';
import { translateNotice, type MessageLanguage } from '../http/message-language.ts';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import {
  countUnreadNotices,
  listNoticesOfEnterprise,
  markAllNoticesRead,
  markNoticeRead,
} from './notice.repository.ts';

/** 消息: what administrators sent the enterprise (退回, 催报, 延期), newest first. */
export async function listMyNotices(
  ctx: AppContext,
  actor: Actor,
  language: MessageLanguage = 'zh',
): Promise<NoticeList> {
  const { enterpriseId } = authorizeActor(actor, 'notice.read');
  const [rows, unreadCount] = await Promise.all([
    listNoticesOfEnterprise(ctx.db, enterpriseId, 100),
    countUnreadNotices(ctx.db, enterpriseId),
  ]);
  // The system's own words in the interface language; administrators' words (reasons, notes) as written.
  return {
    items: rows.map((row) => ({
      ...noticeViewOf(row),
      title: translateNotice(row.title, language),
      body: translateNotice(row.body, language),
    })),
    unreadCount,
  };
}

function noticeViewOf(row: Awaited<ReturnType<typeof listNoticesOfEnterprise>>[number]): NoticeView {
  return {
    id: row.id,
    kind: row.kind as NoticeView['kind'],
    title: row.title,
    body: row.body,
    filingId: row.filing_id,
    taskId: row.task_id,
    createdAt: row.created_at.toISOString(),
    isRead: row.read_at !== null,
  };
}

export async function readNotice(ctx: AppContext, actor: Actor, noticeId: string): Promise<void> {
  const { enterpriseId } = authorizeActor(actor, 'notice.read');
  // Marking a read notice again is harmless; a notice of another enterprise answers like a missing one.
  const updated = await markNoticeRead(ctx.db, { id: noticeId, enterpriseId, now: ctx.now() });
  if (updated === 0) throw notFound('通知');
}

/** 全部标为已读. */
export async function readAllNotices(ctx: AppContext, actor: Actor): Promise<void> {
  const { enterpriseId } = authorizeActor(actor, 'notice.read');
  await markAllNoticesRead(ctx.db, { enterpriseId, now: ctx.now() });
}
