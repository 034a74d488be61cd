import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AdminLevel, CellValues, FilingStatus } from '../db/schema.ts';

type Executor = Database;

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
      'survey_tasks.name as task_name',
      'survey_tasks.period_type',
      'survey_tasks.period',
    ])
    .where('filings.enterprise_id', '=', enterpriseId)
    .orderBy('survey_tasks.period', 'desc')
    .orderBy('survey_tasks.name')
    .execute();
}

export function findEnterpriseForFiling(db: Database, enterpriseId: string) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'name', 'uscc', 'region_code', 'is_in_scope', 'is_key_enterprise'])
    .where('id', '=', enterpriseId)
    .executeTakeFirst();
}

const taskColumns = [
  'survey_tasks.id',
  'survey_tasks.name',
  'survey_tasks.edition_id',
  'survey_tasks.period_type',
  'survey_tasks.period',
  'survey_tasks.opens_at',
  'survey_tasks.closes_at',
  'survey_tasks.owner_region_code',
  'regions.level as owner_region_level',
] as const;

/** Every task with the level of its owner region (tasks are few: a dozen a year per owner). */
export function listTasks(db: Database) {
  return db
    .selectFrom('survey_tasks')
    .innerJoin('regions', 'regions.code', 'survey_tasks.owner_region_code')
    .select(taskColumns)
    .orderBy('survey_tasks.closes_at', 'desc')
    .execute();
}

export function findTask(db: Database, taskId: string) {
  return db
    .selectFrom('survey_tasks')
    .innerJoin('regions', 'regions.code', 'survey_tasks.owner_region_code')
    .select(taskColumns)
    .where('survey_tasks.id', '=', taskId)
    .executeTakeFirst();
}

export type TaskRow = NonNullable<Awaited<ReturnType<typeof findTask>>>;

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

const filingColumns = [
  'filings.id',
  'filings.task_id',
  'filings.enterprise_id',
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
 * What the enterprise reported for another period (上期, 去年同期): the latest submission of its filing for
 * that period, or the saved draft when it never submitted one.
 */
export async function findValuesOfPeriod(
  db: Database,
  enterpriseId: string,
  periodType: 'month' | 'year',
  period: string,
): Promise<CellValues | null> {
  const row = await db
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
    .select(['filings.cell_values', 'filing_revisions.cell_values as revision_values'])
    .where('filings.enterprise_id', '=', enterpriseId)
    .where('survey_tasks.period_type', '=', periodType)
    .where('survey_tasks.period', '=', period)
    .orderBy(sql`filing_revisions.revision_no is null`)
    .orderBy('filings.updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return (row.revision_values as CellValues | null) ?? row.cell_values;
}

export function insertDraftFiling(
  db: Executor,
  filing: { taskId: string; enterpriseId: string; values: CellValues; userId: string; now: Date },
) {
  return db
    .insertInto('filings')
    .values({
      task_id: filing.taskId,
      enterprise_id: filing.enterpriseId,
      status: 'draft',
      pending_level: null,
      cell_values: JSON.stringify(filing.values),
      explanations: JSON.stringify({}),
      updated_at: filing.now,
      updated_by: filing.userId,
    })
    .onConflict((conflict) => conflict.columns(['task_id', 'enterprise_id']).doNothing())
    .returning(['id', 'version'])
    .executeTakeFirst();
}

/**
 * Writes the filing only if nobody wrote it since the filer loaded `expectedVersion` (optimistic locking);
 * answers the new version, or undefined when someone else was first.
 */
export async function updateFilingIfVersion(
  db: Executor,
  filingId: string,
  expectedVersion: number,
  change: {
    status: FilingStatus;
    pendingLevel: AdminLevel | null;
    values?: CellValues;
    explanations?: Record<string, string>;
    submittedAt?: Date | null;
    userId: string;
    now: Date;
  },
): Promise<number | undefined> {
  const row = await db
    .updateTable('filings')
    .set({
      status: change.status,
      pending_level: change.pendingLevel,
      ...(change.values === undefined ? {} : { cell_values: JSON.stringify(change.values) }),
      ...(change.explanations === undefined ? {} : { explanations: JSON.stringify(change.explanations) }),
      ...(change.submittedAt === undefined ? {} : { submitted_at: change.submittedAt }),
      version: sql<number>`version + 1`,
      updated_at: change.now,
      updated_by: change.userId,
    })
    .where('id', '=', filingId)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

/** Freezes a submission: an immutable snapshot numbered after the previous one. */
export async function insertRevision(
  db: Executor,
  revision: {
    filingId: string;
    values: CellValues;
    explanations: Record<string, string>;
    userId: string;
    now: Date;
  },
): Promise<number> {
  const latest = await db
    .selectFrom('filing_revisions')
    .select(sql<number>`coalesce(max(revision_no), 0)::int`.as('revision_no'))
    .where('filing_id', '=', revision.filingId)
    .executeTakeFirstOrThrow();
  const revisionNo = latest.revision_no + 1;
  await db
    .insertInto('filing_revisions')
    .values({
      filing_id: revision.filingId,
      revision_no: revisionNo,
      cell_values: JSON.stringify(revision.values),
      explanations: JSON.stringify(revision.explanations),
      submitted_by: revision.userId,
      submitted_at: revision.now,
    })
    .execute();
  return revisionNo;
}

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
