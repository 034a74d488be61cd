import type { Database } from '../db/database.ts';
import type { TaskApplicationStatus } from '../db/schema.ts';

/** Provincial and municipal tasks whose window has not closed, with the owner region's level. */
export function listOpenRegionalTasks(db: Database, now: Date) {
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
    .where('regions.level', 'in', ['province', 'city'])
    .where('survey_tasks.closes_at', '>', now)
    .orderBy('survey_tasks.period', 'desc')
    .orderBy('survey_tasks.name')
    .execute();
}

export function listApplicationsOfEnterprise(db: Database, enterpriseId: string) {
  return db
    .selectFrom('task_applications')
    .select(['id', 'task_id', 'status', 'applied_at', 'decided_at', 'decision_note'])
    .where('enterprise_id', '=', enterpriseId)
    .execute();
}

/** Records an application, or renews a refused one; answers undefined when one is already pending or approved. */
export function upsertApplication(
  db: Database,
  application: {
    taskId: string;
    enterpriseId: string;
    status: TaskApplicationStatus;
    userId: string;
    now: Date;
  },
) {
  const decided = application.status === 'approved';
  return db
    .insertInto('task_applications')
    .values({
      task_id: application.taskId,
      enterprise_id: application.enterpriseId,
      status: application.status,
      applied_by: application.userId,
      applied_at: application.now,
      decided_at: decided ? application.now : null,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['task_id', 'enterprise_id'])
        .doUpdateSet({
          status: application.status,
          applied_by: application.userId,
          applied_at: application.now,
          decided_by: null,
          decided_at: decided ? application.now : null,
          decision_note: null,
        })
        .where('task_applications.status', '=', 'refused'),
    )
    .returning(['id', 'status'])
    .executeTakeFirst();
}
