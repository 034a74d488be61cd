import type { CompletenessFilter } from '@zhibao/contracts';
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AdminLevel, RegionLevel } from '../db/schema.ts';
import { passedReviewAt } from '../review/review-level.ts';
import { isApplicationTask } from '../task-application/task-application.rules.ts';
import {
  isAwaitingApplicationSql,
  isExcusedSql,
  isOnTimeSql,
  isSubmittedSql,
} from './completeness-figures.ts';

/** Filing counts per task and status for the enterprises whose division code starts with the prefix. */
export function countFilingsByTaskAndStatus(db: Database, regionPrefix: string) {
  return db
    .selectFrom('filings')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .select(['filings.task_id', 'filings.status', sql<number>`count(*)::int`.as('count')])
    .where('enterprises.region_code', 'like', `${regionPrefix}%`)
    .groupBy(['filings.task_id', 'filings.status'])
    .execute();
}

/** The enterprises of a region with what decides their obligations. */
export function listObligationFacts(db: Database, regionPrefix: string) {
  return db
    .selectFrom('enterprises')
    .select(['region_code', 'is_in_scope', 'is_key_enterprise'])
    .where('region_code', 'like', `${regionPrefix}%`)
    .execute();
}

interface TaskOfFacts {
  id: string;
  closes_at: Date;
  owner_region_level: RegionLevel;
}

/** Every enterprise of a region joined with its filing of one task (if any), its obligation and its division. */
function enterprisesWithFilingOf(db: Database, regionPrefix: string, task: TaskOfFacts) {
  return enterprisesWithFilingCounted(db, regionPrefix, task).innerJoin(
    'regions',
    'regions.code',
    'enterprises.region_code',
  );
}

/** The same without the division (which adds only its name), for counting. */
function enterprisesWithFilingCounted(db: Database, regionPrefix: string, task: TaskOfFacts) {
  return db
    .selectFrom('enterprises')
    .leftJoin('filings', (join) =>
      join.onRef('filings.enterprise_id', '=', 'enterprises.id').on('filings.task_id', '=', task.id),
    )
    .leftJoin('task_obligations', (join) =>
      join
        .onRef('task_obligations.enterprise_id', '=', 'enterprises.id')
        .on('task_obligations.task_id', '=', task.id),
    )
    .where('enterprises.region_code', 'like', `${regionPrefix}%`);
}

/** SQL: 应报 of record (region-obligations.ts) — the task's obligation, or a filing of it (applied). */
const isObligationSql = sql<boolean>`(${sql.ref('filings.id')} is not null or ${sql.ref('task_obligations.task_id')} is not null)`;

/**
 * SQL: 逾期 — not 已报 (nor 待申请) although the enterprise's own deadline, its extension when it has one, has
 * passed (the page's filter; the count is isOverdue in completeness-figures.ts, and a test holds them alike).
 */
function isOverdueSql(task: TaskOfFacts, now: Date, isAwaitingApplication: RawBuilder<boolean>) {
  return sql<boolean>`(not ${isSubmittedSql()} and not ${isAwaitingApplication}
    and coalesce(${sql.ref('filings.deadline_extended_until')}, ${task.closes_at}) < ${now})`;
}

/**
 * Every enterprise of a region with its filing of one task (if any): status, review level, latest submission,
 * its own deadline when extended, and the facts of the completeness figures (completeness-figures.ts).
 */
export function listEnterpriseFilingFacts(
  db: Database,
  options: { regionPrefix: string; task: TaskOfFacts },
) {
  return enterpriseFactsQuery(db, options)
    .orderBy('enterprises.region_code')
    .orderBy('enterprises.name')
    .execute();
}

/**
 * The obligations of a task in a region that have not passed the review of `level` (approved ones cannot keep
 * the region from passing up), with the same facts; few once a region is nearly done.
 */
export function listObligationsNotPassedAt(
  db: Database,
  options: { regionPrefix: string; task: TaskOfFacts; level: AdminLevel },
) {
  return enterpriseFactsQuery(db, options)
    .where(isObligationSql)
    .where((eb) => eb.not(passedReviewAt(options.level)))
    .orderBy('enterprises.region_code')
    .orderBy('enterprises.name')
    .execute();
}

function enterpriseFactsQuery(db: Database, options: { regionPrefix: string; task: TaskOfFacts }) {
  const { task } = options;
  return enterprisesWithFilingOf(db, options.regionPrefix, task).select([
    'enterprises.id as enterprise_id',
    'enterprises.name',
    'enterprises.uscc',
    'enterprises.region_code',
    'regions.name as region_name',
    'enterprises.is_in_scope',
    'enterprises.is_key_enterprise',
    'task_obligations.task_id as obliged_task_id',
    'filings.id as filing_id',
    'filings.status',
    'filings.pending_level',
    'filings.submitted_at',
    'filings.deadline_extended_until',
    isSubmittedSql().as('is_submitted'),
    isOnTimeSql(task.closes_at).as('is_on_time'),
    isExcusedSql(task.id).as('is_excused'),
    isAwaitingApplicationSql(task.id, isApplicationTask(task)).as('is_awaiting_application'),
  ]);
}

export type EnterpriseFilingFact = Awaited<ReturnType<typeof listEnterpriseFilingFacts>>[number];

/**
 * The obligations of a task in a region counted in SQL: one row per division and combination of the facts the
 * figures are counted from (completeness-figures.ts), with how many obligations share it. What the pages count
 * from, at national scale, without reading every obligation.
 */
export function countObligationFacts(
  db: Database,
  options: {
    regionPrefix: string;
    task: TaskOfFacts;
    /**
     * Counts per division of this code length (the leading digits of each district's code: 2 for provinces, 4
     * for cities) rather than per district, when the caller needs no finer division; at least 2, so each row
     * still names its province.
     */
    divisionLength?: number;
  },
) {
  const { task } = options;
  const isAwaitingApplication = isAwaitingApplicationSql(task.id, isApplicationTask(task));
  const divisionLength = Math.max(2, Math.min(6, options.divisionLength ?? 6));
  const facts = enterprisesWithFilingCounted(db, options.regionPrefix, task)
    .select([
      sql<string>`left(${sql.ref('enterprises.region_code')}, ${sql.lit(divisionLength)})`.as('region_code'),
      'filings.status',
      'filings.pending_level',
      'filings.deadline_extended_until',
      isSubmittedSql().as('is_submitted'),
      isOnTimeSql(task.closes_at).as('is_on_time'),
      isExcusedSql(task.id).as('is_excused'),
      isAwaitingApplication.as('is_awaiting_application'),
    ])
    .where(isObligationSql)
    .as('facts');
  const columns = [
    'facts.region_code',
    'facts.status',
    'facts.pending_level',
    'facts.deadline_extended_until',
    'facts.is_submitted',
    'facts.is_on_time',
    'facts.is_excused',
    'facts.is_awaiting_application',
  ] as const;
  return db
    .selectFrom(facts)
    .select([...columns, sql<number>`count(*)::int`.as('count')])
    .groupBy([...columns])
    .execute();
}

export type CountedObligationFacts = Awaited<ReturnType<typeof countObligationFacts>>[number];

/**
 * One page of a task's obligations in a region, filtered and sorted in SQL. How many obligations the filter keeps
 * in all is counted from countObligationFacts (keptByFilter in completeness.service.ts), not by a second pass.
 */
export function listObligationPage(
  db: Database,
  options: {
    regionPrefix: string;
    task: TaskOfFacts;
    now: Date;
    filter: CompletenessFilter;
    orderBy: 'region' | 'submitted-at';
    limit: number;
    offset: number;
  },
) {
  const { task } = options;
  const isAwaitingApplication = isAwaitingApplicationSql(task.id, isApplicationTask(task));
  const isExcused = isExcusedSql(task.id);
  const condition = {
    all: sql<boolean>`true`,
    'not-submitted': sql<boolean>`(not ${isSubmittedSql()} and not ${isAwaitingApplication})`,
    overdue: sql<boolean>`(${isOverdueSql(task, options.now, isAwaitingApplication)} and not ${isExcused})`,
    submitted: sql<boolean>`(${isSubmittedSql()} and not ${isAwaitingApplication})`,
    'awaiting-application': isAwaitingApplication,
  }[options.filter];
  const kept = enterprisesWithFilingOf(db, options.regionPrefix, task)
    .where(isObligationSql)
    .where(condition);
  let page = kept
    .select([
      'enterprises.id as enterprise_id',
      'enterprises.name',
      'enterprises.uscc',
      'enterprises.region_code',
      'regions.name as region_name',
      'filings.id as filing_id',
      'filings.status',
      'filings.pending_level',
      'filings.submitted_at',
      'filings.deadline_extended_until',
      isExcused.as('is_excused'),
      isAwaitingApplication.as('is_awaiting_application'),
      isOverdueSql(task, options.now, isAwaitingApplication).as('is_overdue'),
    ])
    .limit(options.limit)
    .offset(options.offset);
  page =
    options.orderBy === 'submitted-at'
      ? page.orderBy(sql`${sql.ref('filings.submitted_at')} desc nulls last`).orderBy('enterprises.id')
      : page.orderBy('enterprises.region_code').orderBy('enterprises.name').orderBy('enterprises.id');
  return page.execute();
}
