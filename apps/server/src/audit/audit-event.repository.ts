import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { checkAuditDetails, type AuditAction, type AuditDetails } from './audit-actions.ts';

/** One row of the audit trail: who did what (one of the closed list) to which subject, when, from where. */
export interface AuditEventInput<A extends AuditAction = AuditAction> {
  actorUserId: string | null;
  action: A;
  subjectType: string;
  subjectId: string;
  regionCode: string | null;
  details?: AuditDetails<A>;
  requestId?: string | null;
  ip?: string | null;
  at?: Date;
}

/** Writes one audit-trail row; call it inside the transaction of the change it records. */
export async function insertAuditEvent<A extends AuditAction>(
  db: Database,
  event: AuditEventInput<A>,
): Promise<void> {
  checkAuditDetails(event.action, event.details ?? ({} as AuditDetails<A>));
  await db
    .insertInto('audit_events')
    .values({
      actor_user_id: event.actorUserId,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      region_code: event.regionCode,
      details: JSON.stringify(event.details ?? {}),
      request_id: event.requestId ?? null,
      ip_address: event.ip ?? null,
      ...(event.at ? { created_at: event.at } : {}),
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

/** Events whose action starts with the prefix, in a region (by code prefix) and below, newest first. */
export async function listAuditEventsInRegion(
  db: Database,
  options: {
    actionPrefix: string;
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
    .where('audit_events.action', 'like', `${options.actionPrefix}%`)
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

/**
 * The rule-switch version the latest submission of a filing was audited with: null without a submission row (a
 * filing seeded or moved in), 0 for one made before rule switches existed (none was published then).
 */
export async function findSubmissionSwitchVersion(db: Database, filingId: string): Promise<number | null> {
  const row = await db
    .selectFrom('audit_events')
    .select(sql<number | null>`(details -> 'ruleSet' ->> 'switchVersion')::int`.as('switch_version'))
    .where('subject_type', '=', 'filing')
    .where('subject_id', '=', filingId)
    .where('action', '=', 'filing.submit')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? (row.switch_version ?? 0) : null;
}
