import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { isExcusedSql, isOnTimeSql, isSubmittedSql } from './completeness-figures.ts';

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

/**
 * Every enterprise of a region with its filing of one task (if any): status, review level, latest submission,
 * its own deadline when extended, and the facts of the completeness figures (completeness-figures.ts).
 */
export function listEnterpriseFilingFacts(
  db: Database,
  options: { regionPrefix: string; taskId: string; closesAt: Date },
) {
  return db
    .selectFrom('enterprises')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .leftJoin('filings', (join) =>
      join.onRef('filings.enterprise_id', '=', 'enterprises.id').on('filings.task_id', '=', options.taskId),
    )
    .leftJoin('task_obligations', (join) =>
      join
        .onRef('task_obligations.enterprise_id', '=', 'enterprises.id')
        .on('task_obligations.task_id', '=', options.taskId),
    )
    .select([
      'enterprises.id as enterprise_id',
      'enterprises.name',
      'enterprises.uscc',
      'enterprises.region_code',
      'regions.name as region_name',
      'enterprises.is_in_scope',
      'enterprises.is_key_enterprise',
      'task_obligations.task_id as obliged_task_id',
      'filings.id as filing_id',
      'filings.status',
      'filings.pending_level',
      'filings.submitted_at',
      'filings.deadline_extended_until',
      isSubmittedSql().as('is_submitted'),
      isOnTimeSql(options.closesAt).as('is_on_time'),
      isExcusedSql(options.taskId).as('is_excused'),
    ])
    .where('enterprises.region_code', 'like', `${options.regionPrefix}%`)
    .orderBy('enterprises.region_code')
    .orderBy('enterprises.name')
    .execute();
}

export type EnterpriseFilingFact = Awaited<ReturnType<typeof listEnterpriseFilingFacts>>[number];
