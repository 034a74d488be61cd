import { sql } from 'kysely';
import { reusableQuery, type Database } from '../db/database.ts';
import type { CellValues } from '../db/schema.ts';

// The reads of filings for the enterprise's screens; every write of `filings` is in filing-state.repository.ts.

type Executor = Database;

/** The enterprise's filings with their task, newest period first. */
export function listFilingsOfEnterprise(db: Database, enterpriseId: string) {
  return db
    .selectFrom('filings')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
    .select((eb) => [
      'filings.id',
      'filings.task_id',
      'filings.status',
      'filings.pending_level',
      'filings.submitted_at',
      'filings.deadline_extended_until',
      'survey_tasks.name as task_name',
      'survey_tasks.period_type',
      'survey_tasks.period',
      // Whether a reviewer acted on the current submission (then 取消上报 is no longer allowed).
      eb
        .exists(
          eb
            .selectFrom('filing_reviews')
            .select('filing_reviews.id')
            .whereRef('filing_reviews.filing_id', '=', 'filings.id')
            .whereRef('filing_reviews.created_at', '>=', 'filings.submitted_at'),
        )
        .as('has_reviewer_acted'),
    ])
    .where('filings.enterprise_id', '=', enterpriseId)
    .orderBy('survey_tasks.period', 'desc')
    .orderBy('survey_tasks.name')
    .execute();
}

export function findEnterpriseForFiling(db: Database, enterpriseId: string) {
  return db
    .selectFrom('enterprises')
    .select([
      'id',
      'name',
      'uscc',
      'region_code',
      'is_in_scope',
      'is_key_enterprise',
      'legal_representative',
      'industry_code',
      'has_ai_business',
    ])
    .where('id', '=', enterpriseId)
    .executeTakeFirst();
}

// What a filing's screens need of its task besides its id and name (which the filing scope renames).
const taskDetailColumns = [
  'survey_tasks.edition_id',
  'survey_tasks.period_type',
  'survey_tasks.period',
  'survey_tasks.opens_at',
  'survey_tasks.closes_at',
  'survey_tasks.owner_region_code',
  'regions.level as owner_region_level',
] as const;

const taskColumns = ['survey_tasks.id', 'survey_tasks.name', ...taskDetailColumns] as const;

/** Every task with the level of its owner region (tasks are few: a dozen a year per owner). */
export function listTasks(db: Database) {
  return db
    .selectFrom('survey_tasks')
    .innerJoin('regions', 'regions.code', 'survey_tasks.owner_region_code')
    .select(taskColumns)
    .orderBy('survey_tasks.closes_at', 'desc')
    .execute();
}

export type TaskRow = Awaited<ReturnType<typeof listTasks>>[number];

/** Task ids the enterprise took up through an approved 填报任务申请. */
export async function listApprovedApplicationTaskIds(
  db: Database,
  enterpriseId: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('task_applications')
    .select('task_id')
    .where('enterprise_id', '=', enterpriseId)
    .where('status', '=', 'approved')
    .execute();
  return new Set(rows.map((row) => row.task_id));
}

/** A filing's state, without the keys that say whose and of which task it is. */
const filingStateColumns = [
  'filings.status',
  'filings.pending_level',
  'filings.cell_values',
  'filings.explanations',
  'filings.version',
  'filings.deadline_extended_until',
  'filings.submitted_at',
  'filings.updated_at',
  'filings.updated_by',
] as const;

const filingColumns = [
  'filings.id',
  'filings.task_id',
  'filings.enterprise_id',
  ...filingStateColumns,
] as const;

/**
 * The enterprise, the task and the enterprise's filing of it (with the name of who wrote the filing last), in
 * one query: every load, save and submission starts from them. Undefined when the enterprise does not exist;
 * `task_id` is null when the task does not, `filing_id` when the enterprise has no filing of it yet.
 */
export async function findFilingScope(db: Database, enterpriseId: string, taskId: string) {
  return (await filingScope(db, { enterpriseId, taskId }))[0];
}

// Compiled once (see reusableQuery): it runs on every load, save and submission.
const filingScope = reusableQuery(
  ['enterpriseId', 'taskId'],
  (db, { enterpriseId, taskId }: { enterpriseId: string; taskId: string }) =>
    db
      .selectFrom('enterprises')
      .leftJoin('survey_tasks', (join) => join.on('survey_tasks.id', '=', taskId))
      .leftJoin('regions', 'regions.code', 'survey_tasks.owner_region_code')
      .leftJoin('filings', (join) =>
        join
          .onRef('filings.task_id', '=', 'survey_tasks.id')
          .onRef('filings.enterprise_id', '=', 'enterprises.id'),
      )
      .leftJoin('users', 'users.id', 'filings.updated_by')
      .leftJoin('task_obligations', (join) =>
        join
          .onRef('task_obligations.task_id', '=', 'survey_tasks.id')
          .onRef('task_obligations.enterprise_id', '=', 'enterprises.id'),
      )
      .select([
        'enterprises.id as enterprise_id',
        'enterprises.name as enterprise_name',
        'enterprises.uscc',
        'enterprises.region_code',
        'enterprises.is_in_scope',
        'enterprises.is_key_enterprise',
        'enterprises.legal_representative',
        'enterprises.industry_code',
        'enterprises.has_ai_business',
        'survey_tasks.id as task_id',
        'survey_tasks.name as task_name',
        ...taskDetailColumns,
        'filings.id as filing_id',
        ...filingStateColumns,
        'users.display_name as updated_by_name',
        'task_obligations.task_id as obliged_task_id',
      ])
      .where('enterprises.id', '=', enterpriseId),
);

/**
 * A filing by id with its enterprise's region (for the access check) and its task's edition and period: what the
 * screens about one filing (history, change requests) start from.
 */
export function findFilingWithRegion(db: Database, filingId: string) {
  return db
    .selectFrom('filings')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
    .select([
      'filings.id',
      'filings.status',
      'filings.pending_level',
      'filings.version',
      'filings.enterprise_id',
      'enterprises.region_code',
      'survey_tasks.edition_id',
      'survey_tasks.period_type',
      'survey_tasks.period',
    ])
    .where('filings.id', '=', filingId)
    .executeTakeFirst();
}

export function findFilingOfTask(db: Executor, taskId: string, enterpriseId: string) {
  return db
    .selectFrom('filings')
    .select(filingColumns)
    .where('filings.task_id', '=', taskId)
    .where('filings.enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
}

export function findFilingById(db: Database, filingId: string) {
  return db.selectFrom('filings').select(filingColumns).where('filings.id', '=', filingId).executeTakeFirst();
}

export type FilingRecord = NonNullable<Awaited<ReturnType<typeof findFilingById>>>;

export function findFilingsByIds(db: Database, enterpriseId: string, filingIds: string[]) {
  if (filingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('filings')
    .select(filingColumns)
    .where('filings.id', 'in', filingIds)
    .where('filings.enterprise_id', '=', enterpriseId)
    .execute();
}

export function findUserDisplayName(db: Database, userId: string) {
  return db.selectFrom('users').select(['display_name']).where('id', '=', userId).executeTakeFirst();
}

/** The latest frozen submission of a filing. */
export function findLatestRevision(db: Executor, filingId: string) {
  return db
    .selectFrom('filing_revisions')
    .select(['revision_no', 'cell_values', 'explanations', 'submitted_at', 'submitted_by'])
    .where('filing_id', '=', filingId)
    .orderBy('revision_no', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * What the enterprise reported for other periods (上期, 去年同期), in one query: for each period the latest
 * submission of its filing, or the saved draft when it never submitted one.
 */
export async function findValuesOfPeriods(
  db: Database,
  enterpriseId: string,
  periodType: 'month' | 'year',
  periods: [string] | [string, string],
): Promise<Map<string, CellValues>> {
  // One period is asked for as both (a year has no 上期), so that the SQL is the same for every call.
  const rows = await valuesOfPeriods(db, {
    enterpriseId,
    periodType,
    first: periods[0],
    second: periods[1] ?? periods[0],
  });
  return new Map(
    rows.map((row) => [row.period, (row.revision_values as CellValues | null) ?? row.cell_values]),
  );
}

// Compiled once (see reusableQuery): every load, save and submission audits against these periods.
const valuesOfPeriods = reusableQuery(
  ['enterpriseId', 'periodType', 'first', 'second'],
  (db, params: { enterpriseId: string; periodType: 'month' | 'year'; first: string; second: string }) =>
    db
      .selectFrom('filings')
      .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
      .leftJoin('filing_revisions', (join) =>
        join
          .onRef('filing_revisions.filing_id', '=', 'filings.id')
          .on(
            'filing_revisions.revision_no',
            '=',
            sql<number>`(select max(r.revision_no) from filing_revisions r where r.filing_id = filings.id)`,
          ),
      )
      .distinctOn('survey_tasks.period')
      .select([
        'survey_tasks.period',
        'filings.cell_values',
        'filing_revisions.cell_values as revision_values',
      ])
      .where('filings.enterprise_id', '=', params.enterpriseId)
      .where('survey_tasks.period_type', '=', params.periodType)
      .where((eb) =>
        eb.or([eb('survey_tasks.period', '=', params.first), eb('survey_tasks.period', '=', params.second)]),
      )
      .orderBy('survey_tasks.period')
      .orderBy(sql`filing_revisions.revision_no is null`)
      .orderBy('filings.updated_at', 'desc'),
);

/** The reviewers' actions on a filing, newest first (written by the review module). */
export function listReviewsOfFiling(db: Database, filingId: string) {
  return db
    .selectFrom('filing_reviews')
    .select(['level', 'action', 'reason', 'cell_comments', 'revision_no', 'created_at'])
    .where('filing_id', '=', filingId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** The latest submission of each of the enterprise's filings of a period type, oldest period first. */
export function listLatestRevisionsOfEnterprise(
  db: Database,
  enterpriseId: string,
  periodType: 'month' | 'year',
) {
  return db
    .selectFrom('filings')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
    .innerJoin('filing_revisions', 'filing_revisions.filing_id', 'filings.id')
    .select([
      'survey_tasks.period',
      'survey_tasks.edition_id',
      'filing_revisions.cell_values',
      'filing_revisions.submitted_at',
    ])
    .where('filings.enterprise_id', '=', enterpriseId)
    .where('survey_tasks.period_type', '=', periodType)
    .where(
      'filing_revisions.revision_no',
      '=',
      sql<number>`(select max(r.revision_no) from filing_revisions r where r.filing_id = filings.id)`,
    )
    .orderBy('survey_tasks.period')
    .orderBy('filing_revisions.submitted_at')
    .execute();
}

/** The task a filing belongs to, and where it stands. */
export function findFilingTask(db: Database, filingId: string) {
  return db
    .selectFrom('filings')
    .select(['task_id', 'status', 'pending_level'])
    .where('id', '=', filingId)
    .executeTakeFirstOrThrow();
}
