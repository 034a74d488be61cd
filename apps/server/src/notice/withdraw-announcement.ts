import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { findAnnouncement, markAnnouncementWithdrawn } from './announcement.repository.ts';
import { announcementSubjectOf } from './announcement.service.ts';

/** 撤回: the publishing region's administrators take an announcement down; it stays in the audit trail. */
export async function withdrawAnnouncement(
  ctx: AppContext,
  actor: Actor,
  announcementId: string,
  meta: RequestMeta,
): Promise<void> {
  authorizeActor(actor, 'announcement.withdraw');
  const row = await findAnnouncement(ctx.db, announcementId);
  const standing = row && row.withdrawn_at === null ? row : undefined;
  authorize(actor, 'announcement.withdraw', standing && announcementSubjectOf(standing));
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await markAnnouncementWithdrawn(trx, announcementId, now);
    await insertAuditEvent(trx, {
      actorUserId: actor.userId,
      action: 'announcement.withdraw',
      subjectType: 'announcement',
      subjectId: announcementId,
      regionCode: actor.regionCode,
      details: { title: standing.title },
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
  });
}
