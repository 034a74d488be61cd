import type { Database } from '../db/database.ts';

/** The enterprise's filings with their task, newest period first. */
export function listFilingsOfEnterprise(db: Database, enterpriseId: string) {
  return db
    .selectFrom('filings')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
    .select([
      'filings.id',
      'filings.task_id',
      'filings.status',
      'filings.pending_level',
      'filings.submitted_at',
      'filings.deadline_extended_until',
      'survey_tasks.period_type',
      'survey_tasks.period',
    ])
    .where('filings.enterprise_id', '=', enterpriseId)
    .orderBy('survey_tasks.period', 'desc')
    .execute();
}

export function findEnterpriseForFiling(db: Database, enterpriseId: string) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'region_code', 'is_in_scope', 'is_key_enterprise'])
    .where('id', '=', enterpriseId)
    .executeTakeFirst();
}
