import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AnnouncementTable } from '../db/schema.ts';

export interface NewAnnouncement {
  regionCode: string;
  scopePrefix: string;
  audience: AnnouncementTable['audience'];
  /** 通知 unless said otherwise. */
  category?: 'notice' | 'document';
  title: string;
  body: string;
  isPinned: boolean;
  expiresAt: Date | null;
  publishedBy: string;
  publishedAt: Date;
  attachments: Array<{ fileName: string; mediaType: string; content: Buffer }>;
}

/** One announcement and its attachments; call inside the transaction that audits it. */
export async function insertAnnouncement(db: Database, announcement: NewAnnouncement): Promise<string> {
  const row = await db
    .insertInto('announcements')
    .values({
      region_code: announcement.regionCode,
      scope_prefix: announcement.scopePrefix,
      audience: announcement.audience,
      category: announcement.category ?? 'notice',
      title: announcement.title,
      body: announcement.body,
      is_pinned: announcement.isPinned,
      expires_at: announcement.expiresAt,
      published_by: announcement.publishedBy,
      published_at: announcement.publishedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (announcement.attachments.length > 0) {
    await db
      .insertInto('announcement_attachments')
      .values(
        announcement.attachments.map((file, index) => ({
          announcement_id: row.id,
          position: index + 1,
          file_name: file.fileName,
          media_type: file.mediaType,
          byte_size: file.content.length,
          content: file.content,
        })),
      )
      .execute();
  }
  return row.id;
}

const announcementColumns = [
  'announcements.id',
  'announcements.region_code',
  'announcements.scope_prefix',
  'announcements.audience',
  'announcements.category',
  'announcements.title',
  'announcements.body',
  'announcements.is_pinned',
  'announcements.expires_at',
  'announcements.published_at',
  'announcements.withdrawn_at',
  'regions.name as region_name',
] as const;

/**
 * The announcements standing for a division: published by a region containing it (the division's own, its city,
 * province, the nation), not withdrawn nor expired, with the reader's read time; pinned first, then newest.
 */
export function listStandingAnnouncements(
  db: Database,
  options: { regionCode: string; userId: string; now: Date },
) {
  return db
    .selectFrom('announcements')
    .innerJoin('regions', 'regions.code', 'announcements.region_code')
    .leftJoin('announcement_reads', (join) =>
      join
        .onRef('announcement_reads.announcement_id', '=', 'announcements.id')
        .on('announcement_reads.user_id', '=', options.userId),
    )
    .select([...announcementColumns, 'announcement_reads.read_at'])
    .where(sql<boolean>`${options.regionCode} like announcements.scope_prefix || '%'`)
    .where('announcements.withdrawn_at', 'is', null)
    .where((eb) =>
      eb.or([eb('announcements.expires_at', 'is', null), eb('announcements.expires_at', '>', options.now)]),
    )
    .orderBy('announcements.is_pinned', 'desc')
    .orderBy('announcements.published_at', 'desc')
    .orderBy('announcements.id', 'desc')
    .limit(200)
    .execute();
}

export type AnnouncementRow = Awaited<ReturnType<typeof listStandingAnnouncements>>[number];

export function findAnnouncement(db: Database, announcementId: string) {
  return db
    .selectFrom('announcements')
    .innerJoin('regions', 'regions.code', 'announcements.region_code')
    .select(announcementColumns)
    .where('announcements.id', '=', announcementId)
    .executeTakeFirst();
}

/** The attachments' descriptions (not their bytes) of some announcements, in their order. */
export function listAttachmentsOf(db: Database, announcementIds: string[]) {
  if (announcementIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('announcement_attachments')
    .select(['id', 'announcement_id', 'file_name', 'media_type', 'byte_size'])
    .where('announcement_id', 'in', announcementIds)
    .orderBy('announcement_id')
    .orderBy('position')
    .execute();
}

export function findAttachment(db: Database, announcementId: string, attachmentId: string) {
  return db
    .selectFrom('announcement_attachments')
    .select(['file_name', 'media_type', 'content'])
    .where('announcement_id', '=', announcementId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

/** Marks it read for the account; reading it again keeps the first time. */
export async function markAnnouncementRead(
  db: Database,
  options: { announcementId: string; userId: string; now: Date },
): Promise<void> {
  await db
    .insertInto('announcement_reads')
    .values({ announcement_id: options.announcementId, user_id: options.userId, read_at: options.now })
    .onConflict((conflict) => conflict.columns(['announcement_id', 'user_id']).doNothing())
    .execute();
}

export async function markAnnouncementWithdrawn(db: Database, announcementId: string, now: Date) {
  await db
    .updateTable('announcements')
    .set({ withdrawn_at: now })
    .where('id', '=', announcementId)
    .where('withdrawn_at', 'is', null)
    .execute();
}
