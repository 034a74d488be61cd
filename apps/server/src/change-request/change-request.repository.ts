import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AdminLevel, ChangeRequestStatus } from '../db/schema.ts';

function requestsWithContext(db: Database) {
  return db
    .selectFrom('change_requests')
    .innerJoin('filings', 'filings.id', 'change_requests.filing_id')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
    .innerJoin('users as requester', 'requester.id', 'change_requests.requested_by')
    .leftJoin('users as decider', 'decider.id', 'change_requests.decided_by')
    .select([
      'change_requests.id',
      'change_requests.filing_id',
      'change_requests.reason',
      'change_requests.status',
      'change_requests.deciding_level',
      'change_requests.requested_at',
      'change_requests.decided_at',
      'change_requests.decision_note',
      'requester.display_name as requested_by_name',
      'decider.display_name as decided_by_name',
      'filings.status as filing_status',
      'filings.version as filing_version',
      'filings.deadline_extended_until',
      'filings.enterprise_id',
      'enterprises.name as enterprise_name',
      'enterprises.uscc',
      'enterprises.region_code',
      'regions.name as region_name',
      'survey_tasks.id as task_id',
      'survey_tasks.name as task_name',
      'survey_tasks.period_type',
      'survey_tasks.period',
    ]);
}

export type ChangeRequestRow = NonNullable<Awaited<ReturnType<typeof findChangeRequest>>>;

export function findChangeRequest(db: Database, id: string) {
  return requestsWithContext(db).where('change_requests.id', '=', id).executeTakeFirst();
}

/** The change requests of one filing, newest first. */
export function listChangeRequestsOfFiling(db: Database, filingId: string) {
  return requestsWithContext(db)
    .where('change_requests.filing_id', '=', filingId)
    .orderBy('change_requests.requested_at', 'desc')
    .execute();
}

/** The change requests of enterprises in a region (by code prefix): pending ones first, then newest first. */
export function listChangeRequestsInRegion(
  db: Database,
  options: { regionPrefix: string; status?: ChangeRequestStatus; limit: number },
) {
  let query = requestsWithContext(db).where('enterprises.region_code', 'like', `${options.regionPrefix}%`);
  if (options.status) query = query.where('change_requests.status', '=', options.status);
  return query
    .orderBy(sql`change_requests.status = 'pending'`, 'desc')
    .orderBy('change_requests.requested_at', 'desc')
    .limit(options.limit)
    .execute();
}

/** Pending requests in a region that a level decides: the count behind the menu badge. */
export async function countPendingForLevel(
  db: Database,
  options: { regionPrefix: string; level: AdminLevel },
) {
  const row = await db
    .selectFrom('change_requests')
    .innerJoin('filings', 'filings.id', 'change_requests.filing_id')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('change_requests.status', '=', 'pending')
    .where('change_requests.deciding_level', '=', options.level)
    .where('enterprises.region_code', 'like', `${options.regionPrefix}%`)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** Inserts a pending request; undefined when the filing already has one (the partial unique index says so). */
export async function insertChangeRequest(
  trx: Database,
  request: { filingId: string; reason: string; decidingLevel: AdminLevel; userId: string; now: Date },
) {
  return trx
    .insertInto('change_requests')
    .values({
      filing_id: request.filingId,
      reason: request.reason,
      status: 'pending',
      deciding_level: request.decidingLevel,
      requested_by: request.userId,
      requested_at: request.now,
    })
    .onConflict((conflict) => conflict.column('filing_id').where('status', '=', 'pending').doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** Decides a pending request; false when someone decided it first. */
export async function decideChangeRequest(
  trx: Database,
  decision: { id: string; status: 'granted' | 'refused'; userId: string; now: Date; note: string | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('change_requests')
    .set({
      status: decision.status,
      decided_by: decision.userId,
      decided_at: decision.now,
      decision_note: decision.note,
    })
    .where('id', '=', decision.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
