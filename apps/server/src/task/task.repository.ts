import type { Database } from '../db/database.ts';
import type { AdminLevel, PeriodType, TaskAudience } from '../db/schema.ts';

function tasksWithOwnerRegion(db: Database) {
  return db
    .selectFrom('survey_tasks')
    .innerJoin('regions', 'regions.code', 'survey_tasks.owner_region_code')
    .select([
      'survey_tasks.id',
      'survey_tasks.name',
      'survey_tasks.edition_id',
      'survey_tasks.period_type',
      'survey_tasks.period',
      'survey_tasks.opens_at',
      'survey_tasks.closes_at',
      'survey_tasks.owner_region_code',
      'survey_tasks.owner_level',
      'survey_tasks.audience',
      'survey_tasks.scope_region_codes',
      'survey_tasks.review_deadlines',
      'regions.level as owner_region_level',
      'regions.name as owner_region_name',
    ]);
}

/** Every task with the level of the region that owns it (tasks are few: a dozen a year per owner). */
export function listTasksWithOwnerRegion(db: Database) {
  return tasksWithOwnerRegion(db).orderBy('survey_tasks.closes_at', 'desc').execute();
}

export type TaskWithOwnerRow = Awaited<ReturnType<typeof listTasksWithOwnerRegion>>[number];

/** One task with the level of the region that owns it: the one lookup of a task by id. */
export function findTaskWithOwnerRegion(db: Database, taskId: string) {
  return tasksWithOwnerRegion(db).where('survey_tasks.id', '=', taskId).executeTakeFirst();
}

export interface NewTask {
  name: string;
  editionId: string;
  periodType: PeriodType;
  period: string;
  ownerLevel: AdminLevel;
  ownerRegionCode: string;
  audience: TaskAudience;
  scopeRegionCodes: string[];
  opensAt: Date;
  closesAt: Date;
  reviewDeadlines: Partial<Record<AdminLevel, string>>;
  publishedBy: string;
}

/** Inserts the tasks whose (owner, period) is still free; answers the ids of those inserted. */
export async function insertTasks(db: Database, tasks: NewTask[]) {
  if (tasks.length === 0) return [];
  return db
    .insertInto('survey_tasks')
    .values(
      tasks.map((task) => ({
        name: task.name,
        edition_id: task.editionId,
        period_type: task.periodType,
        period: task.period,
        owner_level: task.ownerLevel,
        owner_region_code: task.ownerRegionCode,
        audience: task.audience,
        scope_region_codes: JSON.stringify(task.scopeRegionCodes),
        opens_at: task.opensAt,
        closes_at: task.closesAt,
        review_deadlines: JSON.stringify(task.reviewDeadlines),
        published_by: task.publishedBy,
      })),
    )
    .onConflict((conflict) => conflict.columns(['owner_region_code', 'period_type', 'period']).doNothing())
    .returning(['id', 'period'])
    .execute();
}

export function findEnterpriseForTask(db: Database, enterpriseId: string) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'name', 'region_code', 'is_in_scope', 'is_key_enterprise'])
    .where('id', '=', enterpriseId)
    .executeTakeFirst();
}

export function findFilingOfTask(db: Database, taskId: string, enterpriseId: string) {
  return db
    .selectFrom('filings')
    .select(['id', 'status', 'deadline_extended_until'])
    .where('task_id', '=', taskId)
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
}

/**
 * Grants the extension on the enterprise's filing; one that has not started gets an empty draft to carry it
 * (the filing row is where the enterprise's deadline lives).
 */
export async function upsertFilingExtension(
  db: Database,
  change: { taskId: string; enterpriseId: string; until: Date; actorUserId: string; now: Date },
) {
  return db
    .insertInto('filings')
    .values({
      task_id: change.taskId,
      enterprise_id: change.enterpriseId,
      status: 'draft',
      cell_values: JSON.stringify({}),
      explanations: JSON.stringify({}),
      deadline_extended_until: change.until,
      updated_at: change.now,
      updated_by: change.actorUserId,
    })
    .onConflict((conflict) =>
      conflict.columns(['task_id', 'enterprise_id']).doUpdateSet({ deadline_extended_until: change.until }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
}
