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

const applicationColumns = [
  'task_applications.id',
  'task_applications.task_id',
  'task_applications.enterprise_id',
  'task_applications.status',
  'task_applications.applied_at',
  'task_applications.decided_at',
  'task_applications.decision_note',
  'survey_tasks.name as task_name',
  'survey_tasks.period_type',
  'survey_tasks.period',
  'enterprises.uscc',
  'enterprises.name as enterprise_name',
  'enterprises.region_code',
  'regions.name as region_name',
] as const;

function applicationsWithSubjects(db: Database) {
  return db
    .selectFrom('task_applications')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'task_applications.task_id')
    .innerJoin('enterprises', 'enterprises.id', 'task_applications.enterprise_id')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .select(applicationColumns);
}

/** Applications of the enterprises in a region (by code prefix) and below, oldest first so none waits longest. */
export function listApplicationsInRegion(
  db: Database,
  options: { regionPrefix: string; status: TaskApplicationStatus },
) {
  return applicationsWithSubjects(db)
    .where('enterprises.region_code', 'like', `${options.regionPrefix}%`)
    .where('task_applications.status', '=', options.status)
    .orderBy('task_applications.applied_at')
    .orderBy('task_applications.id')
    .limit(500)
    .execute();
}

export function findApplicationById(db: Database, applicationId: string) {
  return applicationsWithSubjects(db).where('task_applications.id', '=', applicationId).executeTakeFirst();
}

/** Decides a pending application; answers undefined when it was decided meanwhile. */
export function decidePendingApplication(
  db: Database,
  decision: { id: string; status: 'approved' | 'refused'; userId: string; now: Date; note: string | null },
) {
  return db
    .updateTable('task_applications')
    .set({
      status: decision.status,
      decided_by: decision.userId,
      decided_at: decision.now,
      decision_note: decision.note,
    })
    .where('id', '=', decision.id)
    .where('status', '=', 'pending')
    .returning(['id', 'status', 'decided_at', 'decision_note'])
    .executeTakeFirst();
}

/** The state of the applications for a task of the given enterprises (an enterprise that never applied is absent). */
export async function listApplicationStatuses(db: Database, taskId: string, enterpriseIds: string[]) {
  if (enterpriseIds.length === 0) return new Map<string, TaskApplicationStatus>();
  const rows = await db
    .selectFrom('task_applications')
    .select(['enterprise_id', 'status'])
    .where('task_id', '=', taskId)
    .where('enterprise_id', 'in', enterpriseIds)
    .execute();
  return new Map(rows.map((row) => [row.enterprise_id, row.status]));
}

/** The enterprise's standing (not refused) application for another task of the same period, if any. */
export function findApplicationOfPeriod(
  db: Database,
  where: { enterpriseId: string; taskId: string; periodType: string; period: string },
) {
  return db
    .selectFrom('task_applications')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'task_applications.task_id')
    .select(['survey_tasks.name as task_name'])
    .where('task_applications.enterprise_id', '=', where.enterpriseId)
    .where('task_applications.period_type', '=', where.periodType as 'month' | 'year')
    .where('task_applications.period', '=', where.period)
    .where('task_applications.task_id', '!=', where.taskId)
    .where('task_applications.status', '!=', 'refused')
    .executeTakeFirst();
}
