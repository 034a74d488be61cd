import type { Database } from '../db/database.ts';

export interface AuditEventInput {
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  regionCode: string | null;
  details: Record<string, unknown>;
  requestId?: string | null;
}

/** Writes one audit-trail row; call it inside the transaction of the change it records. */
export async function insertAuditEvent(db: Database, event: AuditEventInput): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      actor_user_id: event.actorUserId,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      region_code: event.regionCode,
      details: JSON.stringify(event.details),
      request_id: event.requestId ?? null,
    })
    .execute();
}

/** The audit trail of one subject with the actors' names, oldest first. */
export function listAuditEventsOf(db: Database, subjectType: string, subjectId: string) {
  return db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
    .select([
      'audit_events.id',
      'audit_events.action',
      'audit_events.details',
      'audit_events.created_at',
      'users.display_name as actor_name',
    ])
    .where('audit_events.subject_type', '=', subjectType)
    .where('audit_events.subject_id', '=', subjectId)
    .orderBy('audit_events.created_at')
    .orderBy('audit_events.id')
    .execute();
}
