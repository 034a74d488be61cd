import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/** Filing counts per task and status for the enterprises whose division code starts with the prefix. */
export function countFilingsByTaskAndStatus(db: Database, regionPrefix: string) {
  return db
    .selectFrom('filings')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .select(['filings.task_id', 'filings.status', sql<number>`count(*)::int`.as('count')])
    .where('enterprises.region_code', 'like', `${regionPrefix}%`)
    .groupBy(['filings.task_id', 'filings.status'])
    .execute();
}

/** The enterprises of a region with what decides their obligations. */
export function listObligationFacts(db: Database, regionPrefix: string) {
  return db
    .selectFrom('enterprises')
    .select(['region_code', 'is_in_scope', 'is_key_enterprise'])
    .where('region_code', 'like', `${regionPrefix}%`)
    .execute();
}
