import type { AuditEventView } from '@zhibao/contracts';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { listAuditEventsInRegion } from '../audit/audit-event.repository.ts';

/**
 * 账号审计日志: registrations, logins, failed logins, bindings and account changes in the
 * administrator's region and below. Events not yet tied to a region (a registration before binding,
 * a failed login under an unknown name) are the ministry's to see.
 */
export async function listAuditEvents(
  ctx: AppContext,
  actor: Actor,
  query: { action?: string; page: number; pageSize: number },
): Promise<{ items: AuditEventView[]; total: number }> {
  const admin = authorizeActor(actor, 'audit.read');
  const { rows, total } = await listAuditEventsInRegion(ctx.db, {
    actionPrefix: 'account.',
    regionPrefix: regionScopePrefix(admin.regionCode, admin.regionLevel),
    includeUnregioned: admin.adminLevel === 'ministry',
    action: query.action,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      action: row.action,
      actorUsername: row.actor_username,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      regionCode: row.region_code,
      regionName: row.region_name,
      details: row.details,
      ip: row.ip_address,
      requestId: row.request_id,
      at: row.created_at.toISOString(),
    })),
  };
}
