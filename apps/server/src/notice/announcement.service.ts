import type { AnnouncementList, AnnouncementView } from '@zhibao/contracts';
import { authorize, authorizeActor, can, type AnnouncementSubject } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { notFound } from '../http/app-error.ts';
import {
  findAnnouncement,
  findAttachment,
  listAttachmentsOf,
  listStandingAnnouncements,
  markAnnouncementRead,
  type AnnouncementRow,
} from './announcement.repository.ts';

/** The policy's view of an announcement row. */
export function announcementSubjectOf(row: {
  region_code: string;
  scope_prefix: string;
  audience: AnnouncementSubject['audience'];
}): AnnouncementSubject {
  return { regionCode: row.region_code, scopePrefix: row.scope_prefix, audience: row.audience };
}

/**
 * 通知公告 for the reader: those of its region and the levels above that reach it (an enterprise's filers, the
 * administrators below, or both), pinned first, with its own read state and the number still unread.
 */
export async function listAnnouncements(ctx: AppContext, actor: Actor): Promise<AnnouncementList> {
  authorizeActor(actor, 'announcement.list');
  const standing = await listStandingAnnouncements(ctx.db, {
    regionCode: actor.regionCode,
    userId: actor.userId,
    now: ctx.now(),
  });
  const rows = standing.filter((row) => can(actor, 'announcement.read', announcementSubjectOf(row)));
  const attachments = await listAttachmentsOf(
    ctx.db,
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) =>
      announcementViewOf(
        actor,
        row,
        attachments.filter((file) => file.announcement_id === row.id),
      ),
    ),
    unreadCount: rows.filter((row) => row.read_at === null).length,
  };
}

function announcementViewOf(
  actor: Actor,
  row: AnnouncementRow,
  attachments: Awaited<ReturnType<typeof listAttachmentsOf>>,
): AnnouncementView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    audience: row.audience,
    category: row.category,
    isPinned: row.is_pinned,
    expiresAt: row.expires_at?.toISOString() ?? null,
    publishedAt: row.published_at.toISOString(),
    publisher: { regionCode: row.region_code, regionName: row.region_name },
    attachments: attachments.map((file) => ({
      id: file.id,
      fileName: file.file_name,
      mediaType: file.media_type,
      byteSize: file.byte_size,
    })),
    isRead: row.read_at !== null,
    isOwn: actor.role === 'admin' && row.region_code === actor.regionCode,
  };
}

/** A withdrawn announcement reads as a missing one; an expired one stays readable by its id. */
async function loadReadable(ctx: AppContext, actor: Actor, announcementId: string) {
  const row = await findAnnouncement(ctx.db, announcementId);
  const readable = row && row.withdrawn_at === null ? row : undefined;
  authorize(actor, 'announcement.read', readable && announcementSubjectOf(readable));
  return readable;
}

/** 已读: the reader opened it. */
export async function readAnnouncement(ctx: AppContext, actor: Actor, announcementId: string): Promise<void> {
  await loadReadable(ctx, actor, announcementId);
  await markAnnouncementRead(ctx.db, { announcementId, userId: actor.userId, now: ctx.now() });
}

/** 下载附件 of an announcement the reader is reached by. */
export async function downloadAnnouncementAttachment(
  ctx: AppContext,
  actor: Actor,
  announcementId: string,
  attachmentId: string,
) {
  await loadReadable(ctx, actor, announcementId);
  const file = await findAttachment(ctx.db, announcementId, attachmentId);
  if (!file) throw notFound('附件');
  return { fileName: file.file_name, mediaType: file.media_type, content: file.content };
}
