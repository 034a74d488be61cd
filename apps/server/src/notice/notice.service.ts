import { notFound } from '../http/app-error.ts';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { listNoticesOfEnterprise, markNoticeRead } from './notice.repository.ts';

export interface NoticeView {
  id: string;
  kind: string;
  title: string;
  body: string;
  filingId: string | null;
  taskId: string | null;
  createdAt: string;
  isRead: boolean;
}

/** 消息: what administrators sent the enterprise (退回, 催报, 延期), newest first. */
export async function listMyNotices(ctx: AppContext, actor: Actor): Promise<NoticeView[]> {
  const { enterpriseId } = authorizeActor(actor, 'notice.read');
  const rows = await listNoticesOfEnterprise(ctx.db, enterpriseId, 100);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    filingId: row.filing_id,
    taskId: row.task_id,
    createdAt: row.created_at.toISOString(),
    isRead: row.read_at !== null,
  }));
}

export async function readNotice(ctx: AppContext, actor: Actor, noticeId: string): Promise<void> {
  const { enterpriseId } = authorizeActor(actor, 'notice.read');
  // Marking a read notice again is harmless; a notice of another enterprise answers like a missing one.
  const updated = await markNoticeRead(ctx.db, { id: noticeId, enterpriseId, now: ctx.now() });
  if (updated === 0) throw notFound('通知');
}
