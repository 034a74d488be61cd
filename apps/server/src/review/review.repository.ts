import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { OfficialSummaryTable, PassUpSnapshot } from '@zhibao/contracts';
import type { AdminLevel, CellComment } from '../db/schema.ts';

const filingColumns = [
  'filings.id',
  'filings.task_id',
  'filings.enterprise_id',
  'filings.status',
  'filings.pending_level',
  'filings.cell_values',
  'filings.explanations',
  'filings.version',
  'filings.submitted_at',
  'filings.deadline_extended_until',
  'enterprises.name as enterprise_name',
  'enterprises.uscc',
  'enterprises.region_code',
  'enterprises.industry_code',
  'enterprises.is_key_enterprise',
  'regions.name as region_name',
  'survey_tasks.name as task_name',
  'survey_tasks.edition_id',
  'survey_tasks.period_type',
  'survey_tasks.period',
  'survey_tasks.closes_at',
  'survey_tasks.review_deadlines',
] as const;

function filingsWithContext(db: Database) {
  return db
    .selectFrom('filings')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id');
}

/** Submitted filings of a region (by code prefix), optionally only those waiting at one level. */
export function listSubmittedFilings(db: Database, options: SubmittedFilingsOptions) {
  return submittedFilingsQuery(db, { scopes: [options], keyword: options.keyword })
    .orderBy('filings.submitted_at')
    .execute();
}

export interface SubmittedFilingsOptions extends QueueScope {
  keyword?: string;
}

/** Filings waiting in a region (by code prefix), at one level, optionally of one task. */
export interface QueueScope {
  regionPrefix: string;
  pendingLevel?: AdminLevel;
  taskId?: string;
}

/**
 * The review queue's filings: submitted, waiting in any of the scopes (the administrator's own, and regions whose
 * review it took over), matching a keyword. Its SQL is committed in apps/server/sql/review-queue.sql.
 */
export function submittedFilingsQuery(db: Database, options: { scopes: QueueScope[]; keyword?: string }) {
  return waitingFilingsQuery(db, options)
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
    .select(filingColumns);
}

/**
 * One page of the review queue in order of submission (the oldest first), and how many filings wait in all. The
 * page's ids are found first (read in order from filings_waiting_in_order_idx, stopping after the page), then
 * only those filings are read with their values; the total counts the waiting filings without reading them.
 */
export async function listQueuePage(
  db: Database,
  options: { scopes: QueueScope[]; keyword?: string; limit: number; offset: number },
) {
  const [pageIds, total] = await Promise.all([
    waitingFilingsQuery(db, options)
      .select('filings.id')
      .orderBy('filings.submitted_at')
      .orderBy('filings.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    waitingFilingsQuery(db, options)
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow(),
  ]);
  if (pageIds.length === 0) return { rows: [], total: total.count };
  const rows = await filingsWithContext(db)
    .select(filingColumns)
    .where(
      'filings.id',
      'in',
      pageIds.map((row) => row.id),
    )
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    rows: pageIds.flatMap((row) => byId.get(row.id) ?? []),
    total: total.count,
  };
}

/**
 * The waiting filings (submittedFilingsQuery) without their columns and the joins that only add columns
 * (regions, survey_tasks): what the page's ids and the count are read from.
 */
function waitingFilingsQuery(db: Database, options: { scopes: QueueScope[]; keyword?: string }) {
  let query = db
    .selectFrom('filings')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .where('filings.status', '=', 'submitted')
    .where((eb) =>
      eb.or(
        options.scopes.map((scope) =>
          eb.and([
            eb('enterprises.region_code', 'like', `${scope.regionPrefix}%`),
            ...(scope.pendingLevel ? [eb('filings.pending_level', '=', scope.pendingLevel)] : []),
            ...(scope.taskId ? [eb('filings.task_id', '=', scope.taskId)] : []),
          ]),
        ),
      ),
    );
  if (options.keyword) {
    const pattern = `%${options.keyword.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('enterprises.name', 'like', pattern), eb('enterprises.uscc', 'like', pattern)]),
    );
  }
  return query;
}

/**
 * For each of the given filings, the other filings of its task waiting at its level in the region whose values
 * are all the same (a 代报 signal), by name of their enterprise. Found through the hash of the values a submitted
 * filing carries (filings_waiting_values_idx), then compared whole.
 */
export function listIdenticalWaitingFilings(
  db: Database,
  options: { regionPrefix: string; filingIds: string[] },
) {
  if (options.filingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('filings as own')
    .innerJoin('filings as twin', (join) =>
      join
        .onRef('twin.task_id', '=', 'own.task_id')
        .onRef('twin.pending_level', '=', 'own.pending_level')
        .onRef('twin.values_hash', '=', 'own.values_hash')
        .onRef('twin.cell_values', '=', 'own.cell_values')
        .onRef('twin.id', '<>', 'own.id')
        .on('twin.status', '=', 'submitted'),
    )
    .innerJoin('enterprises', 'enterprises.id', 'twin.enterprise_id')
    .select(['own.id as filing_id', 'enterprises.name as enterprise_name'])
    .where('own.id', 'in', options.filingIds)
    .where('enterprises.region_code', 'like', `${options.regionPrefix}%`)
    .orderBy('enterprises.name')
    .execute();
}

export type ReviewFilingRow = Awaited<ReturnType<typeof listSubmittedFilings>>[number];

export function findFilingForReview(db: Database, filingId: string) {
  return filingsWithContext(db).select(filingColumns).where('filings.id', '=', filingId).executeTakeFirst();
}

/** The enterprise's filings of other periods of the same type, for comparison (上期, 去年同期). */
export function findFilingsOfPeriods(
  db: Database,
  options: { enterpriseId: string; periodType: string; periods: string[] },
) {
  if (options.periods.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('filings')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
    .select(['filings.id', 'filings.status', 'filings.cell_values', 'survey_tasks.period'])
    .where('filings.enterprise_id', '=', options.enterpriseId)
    .where('survey_tasks.period_type', '=', options.periodType as 'month' | 'year')
    .where('survey_tasks.period', 'in', options.periods)
    .where('filings.status', 'in', ['submitted', 'approved'])
    .execute();
}

/** Last year's same-period values of many enterprises at once (the audit's comparison with last year). */
export function findSamePeriodValues(
  db: Database,
  options: { enterpriseIds: string[]; periodType: string; period: string },
) {
  if (options.enterpriseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('filings')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
    .select(['filings.enterprise_id', 'filings.cell_values'])
    .where('filings.enterprise_id', 'in', options.enterpriseIds)
    .where('survey_tasks.period_type', '=', options.periodType as 'month' | 'year')
    .where('survey_tasks.period', '=', options.period)
    .where('filings.status', 'in', ['submitted', 'approved'])
    .execute();
}

export function listRevisions(db: Database, filingId: string) {
  return db
    .selectFrom('filing_revisions')
    .leftJoin('users', 'users.id', 'filing_revisions.submitted_by')
    .select([
      'filing_revisions.revision_no',
      'filing_revisions.cell_values',
      'filing_revisions.explanations',
      'filing_revisions.submitted_at',
      'users.display_name as submitted_by_name',
    ])
    .where('filing_revisions.filing_id', '=', filingId)
    .orderBy('filing_revisions.revision_no')
    .execute();
}

export function listFilingReviews(db: Database, filingId: string) {
  return db
    .selectFrom('filing_reviews')
    .innerJoin('users', 'users.id', 'filing_reviews.actor_user_id')
    .select([
      'filing_reviews.id',
      'filing_reviews.level',
      'filing_reviews.action',
      'filing_reviews.reason',
      'filing_reviews.cell_comments',
      'filing_reviews.explanation_verdicts',
      'filing_reviews.revision_no',
      'filing_reviews.created_at',
      'filing_reviews.taken_over_by_level',
      'users.display_name as actor_name',
    ])
    .where('filing_reviews.filing_id', '=', filingId)
    .orderBy('filing_reviews.created_at')
    .execute();
}

/** The one writer of `filing_reviews`: called by the shared step of filing state changes. */
export async function insertFilingReview(
  db: Database,
  review: {
    filingId: string;
    level: AdminLevel;
    action: 'approve' | 'return' | 'send-back';
    reason: string | null;
    cellComments: CellComment[];
    explanationVerdicts: Record<string, 'accepted' | 'rejected'>;
    revisionNo: number | null;
    actorUserId: string;
    takenOverBy?: AdminLevel | null;
  },
): Promise<void> {
  await db
    .insertInto('filing_reviews')
    .values({
      filing_id: review.filingId,
      level: review.level,
      action: review.action,
      reason: review.reason,
      cell_comments: JSON.stringify(review.cellComments),
      explanation_verdicts: JSON.stringify(review.explanationVerdicts),
      revision_no: review.revisionNo,
      actor_user_id: review.actorUserId,
      taken_over_by_level: review.takenOverBy ?? null,
    })
    .execute();
}

export function findLatestRevisionNo(db: Database, filingId: string) {
  return db
    .selectFrom('filing_revisions')
    .select((eb) => eb.fn.max('revision_no').as('revision_no'))
    .where('filing_id', '=', filingId)
    .executeTakeFirst();
}

export function findRegionSubmission(db: Database, taskId: string, regionCode: string) {
  return db
    .selectFrom('region_submissions')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('region_code', '=', regionCode)
    .executeTakeFirst();
}

export function findRegionSubmissionById(db: Database, id: string) {
  return db.selectFrom('region_submissions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Pass-up records of a task inside a region (by code prefix), with the regions' names. */
export function listRegionSubmissions(db: Database, options: { taskId: string; regionPrefix: string }) {
  return db
    .selectFrom('region_submissions')
    .innerJoin('regions', 'regions.code', 'region_submissions.region_code')
    .innerJoin('users', 'users.id', 'region_submissions.submitted_by')
    .select([
      'region_submissions.id',
      'region_submissions.region_code',
      'regions.name as region_name',
      'region_submissions.level',
      'region_submissions.status',
      'region_submissions.submitted_at',
      'region_submissions.return_reason',
      'region_submissions.snapshot',
      'region_submissions.reopened_at',
      'region_submissions.reopen_difference',
      'region_submissions.taken_over_by_region_code',
      'users.display_name as submitted_by_name',
    ])
    .where('region_submissions.task_id', '=', options.taskId)
    .where('region_submissions.region_code', 'like', `${options.regionPrefix}%`)
    .orderBy('region_submissions.region_code')
    .execute();
}

export async function upsertRegionSubmission(
  db: Database,
  submission: {
    taskId: string;
    regionCode: string;
    level: AdminLevel;
    submittedBy: string;
    now: Date;
    snapshot: PassUpSnapshot;
    /** The official 汇总表 as sent. */
    summaryTable: OfficialSummaryTable;
    /** 代为审核: the upper region passing the region up in its place. */
    takenOverByRegionCode: string | null;
  },
) {
  const passed = {
    level: submission.level,
    status: 'submitted' as const,
    submitted_by: submission.submittedBy,
    submitted_at: submission.now,
    snapshot: JSON.stringify(submission.snapshot),
    summary_table: JSON.stringify(submission.summaryTable),
    taken_over_by_region_code: submission.takenOverByRegionCode,
  };
  return db
    .insertInto('region_submissions')
    .values({ task_id: submission.taskId, region_code: submission.regionCode, ...passed })
    .onConflict((conflict) =>
      conflict.columns(['task_id', 'region_code']).doUpdateSet({
        ...passed,
        return_reason: null,
        returned_by: null,
        returned_at: null,
        reopened_at: null,
        reopen_difference: null,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function markRegionSubmissionReturned(
  db: Database,
  change: { id: string; reason: string; returnedBy: string; now: Date },
) {
  await db
    .updateTable('region_submissions')
    .set({
      status: 'returned',
      return_reason: change.reason,
      returned_by: change.returnedBy,
      returned_at: change.now,
    })
    .where('id', '=', change.id)
    .where('status', '=', 'submitted')
    .execute();
}

/** Counts of a task's submitted filings in a region still waiting at each level. */
export function countPendingByLevel(db: Database, options: { taskId: string; regionPrefix: string }) {
  return db
    .selectFrom('filings')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .select(['filings.pending_level', (eb) => eb.fn.countAll<string>().as('count')])
    .where('filings.task_id', '=', options.taskId)
    .where('filings.status', '=', 'submitted')
    .where('enterprises.region_code', 'like', `${options.regionPrefix}%`)
    .groupBy('filings.pending_level')
    .execute();
}

/**
 * The latest 上报 of each filing with where it came from (address and browser, kept on the audit row), for the
 * signal of filing on behalf of others (代报).
 */
export function listSubmissionSources(db: Database, filingIds: string[]) {
  if (filingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('audit_events')
    .select([
      'audit_events.subject_id as filing_id',
      'audit_events.ip_address',
      sql<string | null>`audit_events.details->>'userAgent'`.as('user_agent'),
      'audit_events.created_at',
    ])
    .where('audit_events.subject_type', '=', 'filing')
    .where('audit_events.subject_id', 'in', filingIds)
    .where('audit_events.action', '=', 'filing.submit')
    .orderBy('audit_events.created_at')
    .execute();
}

/** Every 上报 from these addresses in a time span by enterprises of a region (by code prefix). */
export function listSubmissionsFromAddresses(
  db: Database,
  options: { addresses: string[]; from: Date; to: Date; regionPrefix: string },
) {
  if (options.addresses.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('audit_events')
    .innerJoin('filings', (join) => join.on(sql<boolean>`filings.id::text = audit_events.subject_id`))
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .select([
      'audit_events.subject_id as filing_id',
      'audit_events.ip_address',
      sql<string | null>`audit_events.details->>'userAgent'`.as('user_agent'),
      'audit_events.created_at',
      'enterprises.id as enterprise_id',
      'enterprises.name as enterprise_name',
    ])
    .where('audit_events.action', '=', 'filing.submit')
    .where('audit_events.ip_address', 'in', options.addresses)
    .where('audit_events.created_at', '>=', options.from)
    .where('audit_events.created_at', '<=', options.to)
    .where('enterprises.region_code', 'like', `${options.regionPrefix}%`)
    .execute();
}
