import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

export interface AccountAuditEvent {
  actorUserId: string | null;
  action: string;
  subjectType: 'user' | 'enterprise';
  subjectId: string;
  regionCode: string | null;
  details?: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
  at: Date;
}

/** One row of the audit trail; called inside the transaction of the change it records. */
export function insertAuditEvent(db: Database, event: AccountAuditEvent) {
  return db
    .insertInto('audit_events')
    .values({
      actor_user_id: event.actorUserId,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      region_code: event.regionCode,
      details: JSON.stringify(event.details ?? {}),
      request_id: event.requestId,
      ip_address: event.ip,
      created_at: event.at,
    })
    .execute();
}

/** Account events of a region (by code prefix) and below, newest first, with the acting username. */
export async function listAccountAuditEvents(
  db: Database,
  options: {
    regionPrefix: string;
    includeUnregioned: boolean;
    action?: string;
    offset: number;
    limit: number;
  },
) {
  let query = db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
    .leftJoin('regions', 'regions.code', 'audit_events.region_code')
    .where('audit_events.action', 'like', 'account.%')
    .where((eb) =>
      options.includeUnregioned
        ? eb.or([
            eb('audit_events.region_code', 'like', `${options.regionPrefix}%`),
            eb('audit_events.region_code', 'is', null),
          ])
        : eb('audit_events.region_code', 'like', `${options.regionPrefix}%`),
    );
  if (options.action) query = query.where('audit_events.action', '=', options.action);
  const [rows, total] = await Promise.all([
    query
      .select([
        'audit_events.id',
        'audit_events.action',
        'audit_events.subject_type',
        'audit_events.subject_id',
        'audit_events.region_code',
        'regions.name as region_name',
        'audit_events.details',
        'audit_events.ip_address',
        'audit_events.request_id',
        'audit_events.created_at',
        'users.username as actor_username',
      ])
      .orderBy('audit_events.created_at', 'desc')
      .orderBy('audit_events.id')
      .offset(options.offset)
      .limit(options.limit)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.count };
}
