import type { NoticeKind } from '@zhibao/contracts';
import type { Database } from '../db/database.ts';

export interface NewNotice {
  enterpriseId: string;
  kind: NoticeKind;
  title: string;
  body: string;
  filingId?: string | null;
  taskId?: string | null;
  sentBy: string | null;
}

export async function insertNotices(db: Database, notices: NewNotice[]): Promise<void> {
  if (notices.length === 0) return;
  await db
    .insertInto('notices')
    .values(
      notices.map((notice) => ({
        enterprise_id: notice.enterpriseId,
        kind: notice.kind,
        title: notice.title,
        body: notice.body,
        filing_id: notice.filingId ?? null,
        task_id: notice.taskId ?? null,
        sent_by: notice.sentBy,
      })),
    )
    .execute();
}

/** An enterprise's notices, newest first. */
export function listNoticesOfEnterprise(db: Database, enterpriseId: string, limit: number) {
  return db
    .selectFrom('notices')
    .select(['id', 'kind', 'title', 'body', 'filing_id', 'task_id', 'created_at', 'read_at'])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function markNoticeRead(db: Database, options: { id: string; enterpriseId: string; now: Date }) {
  const result = await db
    .updateTable('notices')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(options.now)) }))
    .where('id', '=', options.id)
    .where('enterprise_id', '=', options.enterpriseId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countUnreadNotices(db: Database, enterpriseId: string): Promise<number> {
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('enterprise_id', '=', enterpriseId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function markAllNoticesRead(db: Database, options: { enterpriseId: string; now: Date }) {
  await db
    .updateTable('notices')
    .set({ read_at: options.now })
    .where('enterprise_id', '=', options.enterpriseId)
    .where('read_at', 'is', null)
    .execute();
}

/** Mobile numbers of an enterprise's active filers, for SMS notices: as stored (sealed), with their hash. */
export function listFilerMobiles(db: Database, enterpriseIds: string[]) {
  if (enterpriseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['enterprise_id', 'mobile', 'mobile_key_id', 'mobile_hash'])
    .where('enterprise_id', 'in', enterpriseIds)
    .where('is_disabled', '=', false)
    .where('mobile', 'is not', null)
    .execute();
}
