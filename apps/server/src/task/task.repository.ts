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

/**
 * The ministry's task of a past period, for filings moved in from the old platform: the one that exists (a task is
 * unique per owner and period), or a closed historical task made for them, so that 同比 finds last year's filings.
 */
export async function findOrCreateHistoricalTask(
  db: Database,
  task: { editionId: string; periodType: PeriodType; period: string; name: string; closesAt: Date },
): Promise<string> {
  await db
    .insertInto('survey_tasks')
    .values({
      name: task.name,
      edition_id: task.editionId,
      period_type: task.periodType,
      period: task.period,
      owner_level: 'ministry',
      owner_region_code: '000000',
      opens_at: task.closesAt,
      closes_at: task.closesAt,
      is_historical: true,
    })
    .onConflict((conflict) => conflict.columns(['owner_region_code', 'period_type', 'period']).doNothing())
    .execute();
  const row = await db
    .selectFrom('survey_tasks')
    .select('id')
    .where('owner_region_code', '=', '000000')
    .where('period_type', '=', task.periodType)
    .where('period', '=', task.period)
    .executeTakeFirstOrThrow();
  return row.id;
}
