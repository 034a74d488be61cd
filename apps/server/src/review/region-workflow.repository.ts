import type { ExcusalReason, PassUpDifference, RegionNotice } from '@zhibao/contracts';
import type { Database } from '../db/database.ts';
import type { AdminLevel } from '../db/schema.ts';

/** 免报: records that an enterprise need not file the task; answers nothing when it was excused already. */
export function insertExcusal(
  db: Database,
  excusal: {
    taskId: string;
    enterpriseId: string;
    reason: ExcusalReason;
    note: string | null;
    excusedBy: string;
    level: AdminLevel;
  },
) {
  return db
    .insertInto('obligation_excusals')
    .values({
      task_id: excusal.taskId,
      enterprise_id: excusal.enterpriseId,
      reason: excusal.reason,
      note: excusal.note,
      excused_by: excusal.excusedBy,
      excused_level: excusal.level,
    })
    .onConflict((conflict) => conflict.columns(['task_id', 'enterprise_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** The excusals of a task inside a region (by code prefix), with who decided. */
export function listExcusals(db: Database, options: { taskId: string; regionPrefix: string }) {
  return db
    .selectFrom('obligation_excusals')
    .innerJoin('enterprises', 'enterprises.id', 'obligation_excusals.enterprise_id')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .innerJoin('users', 'users.id', 'obligation_excusals.excused_by')
    .select([
      'obligation_excusals.enterprise_id',
      'enterprises.name as enterprise_name',
      'regions.name as region_name',
      'obligation_excusals.reason',
      'obligation_excusals.note',
      'obligation_excusals.excused_level',
      'obligation_excusals.created_at',
      'users.display_name as excused_by_name',
    ])
    .where('obligation_excusals.task_id', '=', options.taskId)
    .where('enterprises.region_code', 'like', `${options.regionPrefix}%`)
    .orderBy('enterprises.region_code')
    .orderBy('enterprises.name')
    .execute();
}

export function insertTakeover(
  db: Database,
  takeover: {
    taskId: string;
    regionCode: string;
    level: AdminLevel;
    byRegionCode: string;
    byLevel: AdminLevel;
    byUser: string;
    reason: 'deadline-passed' | 'no-active-admin';
  },
) {
  return db
    .insertInto('region_takeovers')
    .values({
      task_id: takeover.taskId,
      region_code: takeover.regionCode,
      level: takeover.level,
      by_region_code: takeover.byRegionCode,
      by_level: takeover.byLevel,
      by_user: takeover.byUser,
      reason: takeover.reason,
    })
    .onConflict((conflict) => conflict.columns(['task_id', 'region_code']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** Takeovers of a task's review in regions inside a region (by code prefix), with who took over. */
export function listTakeovers(db: Database, options: { taskId?: string; regionPrefix: string }) {
  let query = db
    .selectFrom('region_takeovers')
    .innerJoin('regions', 'regions.code', 'region_takeovers.by_region_code')
    .innerJoin('users', 'users.id', 'region_takeovers.by_user')
    .select([
      'region_takeovers.task_id',
      'region_takeovers.region_code',
      'region_takeovers.level',
      'region_takeovers.by_region_code',
      'regions.name as by_region_name',
      'region_takeovers.by_level',
      'users.display_name as by_user_name',
      'region_takeovers.reason',
      'region_takeovers.created_at',
    ])
    .where('region_takeovers.region_code', 'like', `${options.regionPrefix}%`);
  if (options.taskId) query = query.where('region_takeovers.task_id', '=', options.taskId);
  return query.execute();
}

/** The takeovers an upper region holds (its administrators review in those regions' place). */
export function listTakeoversBy(db: Database, byRegionCode: string, taskId?: string) {
  let query = db
    .selectFrom('region_takeovers')
    .select(['task_id', 'region_code', 'level'])
    .where('by_region_code', '=', byRegionCode);
  if (taskId) query = query.where('task_id', '=', taskId);
  return query.execute();
}

/** How many administrators of each region can sign in (not disabled). */
export async function countActiveAdmins(db: Database, regionCodes: string[]): Promise<Map<string, number>> {
  if (regionCodes.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['region_code', (eb) => eb.fn.countAll<string>().as('count')])
    .where('role', '=', 'admin')
    .where('is_disabled', '=', false)
    .where('region_code', 'in', regionCodes)
    .groupBy('region_code')
    .execute();
  return new Map(rows.map((row) => [row.region_code, Number(row.count)]));
}

/** The pass-ups of a task, made and not since returned or re-opened, by regions among these codes. */
export function listStandingPassUps(db: Database, options: { taskId: string; regionCodes: string[] }) {
  return db
    .selectFrom('region_submissions')
    .select(['id', 'region_code', 'level', 'snapshot'])
    .where('task_id', '=', options.taskId)
    .where('status', '=', 'submitted')
    .where('region_code', 'in', options.regionCodes)
    .execute();
}

/** Re-opens a pass-up whose figures moved since it was made; answers whether it was still standing. */
export async function markPassUpReopened(
  db: Database,
  change: { id: string; difference: PassUpDifference; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('region_submissions')
    .set({
      status: 'reopened',
      reopened_at: change.now,
      reopen_difference: JSON.stringify(change.difference),
    })
    .where('id', '=', change.id)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface NewRegionNotice {
  regionCode: string;
  kind: RegionNotice['kind'];
  title: string;
  body: string;
  taskId: string | null;
  sentBy: string | null;
}

export async function insertRegionNotices(db: Database, notices: NewRegionNotice[]): Promise<void> {
  if (notices.length === 0) return;
  await db
    .insertInto('region_notices')
    .values(
      notices.map((notice) => ({
        region_code: notice.regionCode,
        kind: notice.kind,
        title: notice.title,
        body: notice.body,
        task_id: notice.taskId,
        sent_by: notice.sentBy,
      })),
    )
    .execute();
}

/** A region's notices, newest first. */
export function listRegionNotices(db: Database, regionCode: string, limit: number) {
  return db
    .selectFrom('region_notices')
    .select(['id', 'kind', 'title', 'body', 'task_id', 'created_at', 'read_at'])
    .where('region_code', '=', regionCode)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The takeover of a task's review in one region, if an upper level took it over. */
export function findTakeover(db: Database, options: { taskId: string; regionCode: string }) {
  return db
    .selectFrom('region_takeovers')
    .selectAll()
    .where('task_id', '=', options.taskId)
    .where('region_code', '=', options.regionCode)
    .executeTakeFirst();
}
