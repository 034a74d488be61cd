import type { Database } from '../db/database.ts';

/** Every task with the level of the region that owns it (tasks are few: a dozen a year per owner). */
export function listTasksWithOwnerRegion(db: Database) {
  return db
    .selectFrom('survey_tasks')
    .innerJoin('regions', 'regions.code', 'survey_tasks.owner_region_code')
    .select([
      'survey_tasks.id',
      'survey_tasks.name',
      'survey_tasks.period_type',
      'survey_tasks.period',
      'survey_tasks.opens_at',
      'survey_tasks.closes_at',
      'survey_tasks.owner_region_code',
      'regions.level as owner_region_level',
    ])
    .orderBy('survey_tasks.closes_at', 'desc')
    .execute();
}

export type TaskWithOwnerRow = Awaited<ReturnType<typeof listTasksWithOwnerRegion>>[number];
