import type { CompletenessFigures } from '@zhibao/contracts';
import { sql, type RawBuilder } from 'kysely';
import type { AdminLevel, FilingStatus } from '../db/schema.ts';
import { hasPassedReviewAt } from '../review/review-level.ts';

/*
 * The one definition of each completeness figure (see CompletenessFigures in @zhibao/contracts), the same at
 * every level: the facts of an obligation are read with the SQL conditions below (in the completeness facts
 * query), and counted by figuresOf. 应报 is decided per enterprise by isEnterpriseObliged (task-obligation.ts);
 * 已审 by passedReviewAt / hasPassedReviewAt (review-level.ts), at the level of the region being counted, never
 * the viewer's: a district's 已审 reads the same at the district and at the city.
 */

/** SQL: 已报 — the filing is submitted (waiting at some level) or approved now; a withdrawn one is not. */
export function isSubmittedSql(table = 'filings'): RawBuilder<boolean> {
  return sql<boolean>`coalesce(${sql.ref(`${table}.status`)} in ('submitted', 'approved'), false)`;
}

/**
 * SQL: 按时上报 — 已报, and its first submission (the first frozen revision) came by the enterprise's deadline:
 * its extension when it has one, the task's deadline otherwise.
 */
export function isOnTimeSql(closesAt: Date, table = 'filings'): RawBuilder<boolean> {
  // The first submission is kept on the filing (a trigger on filing_revisions, migration 20261211T0100).
  return sql<boolean>`(${isSubmittedSql(table)} and coalesce(${sql.ref(`${table}.first_submitted_at`)}
    <= coalesce(${sql.ref(`${table}.deadline_extended_until`)}, ${closesAt}), false))`;
}

/** SQL: an administrator excused the enterprise from the task (免报 when it has not passed review). */
export function isExcusedSql(taskId: string, enterpriseTable = 'enterprises'): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from obligation_excusals
    where obligation_excusals.task_id = ${taskId}
      and obligation_excusals.enterprise_id = ${sql.ref(`${enterpriseTable}.id`)})`;
}

/**
 * SQL: 待申请 — a 省/市 task is taken up by applying (task-application.rules.ts): an enterprise of record that has
 * neither a filing of it nor an approved application is counted apart from 应报 until it applies.
 */
export function isAwaitingApplicationSql(
  taskId: string,
  isApplicationTask: boolean,
  enterpriseTable = 'enterprises',
): RawBuilder<boolean> {
  if (!isApplicationTask) return sql<boolean>`false`;
  return sql<boolean>`(${sql.ref('filings.id')} is null and not exists (select 1 from task_applications
    where task_applications.task_id = ${taskId}
      and task_applications.enterprise_id = ${sql.ref(`${enterpriseTable}.id`)}
      and task_applications.status = 'approved'))`;
}

/** One obligation (an enterprise 应报 for the task) with the facts the figures are counted from. */
export interface ObligationFigureFacts {
  status: FilingStatus | null;
  pending_level: AdminLevel | null;
  is_submitted: boolean;
  is_on_time: boolean;
  is_excused: boolean;
  is_awaiting_application: boolean;
}

/** 已审 of one obligation in a region of this level. */
export function isApprovedAt(facts: ObligationFigureFacts, regionLevel: AdminLevel): boolean {
  return hasPassedReviewAt(facts, regionLevel);
}

/** 逾期 of one obligation: not 已报 (nor 待申请) after its deadline, its extension when it has one. */
export function isOverdue(
  facts: ObligationFigureFacts & { deadline_extended_until: Date | null },
  closesAt: Date,
  now: Date,
): boolean {
  return (
    !facts.is_submitted &&
    !facts.is_awaiting_application &&
    (facts.deadline_extended_until ?? closesAt).getTime() < now.getTime()
  );
}

/** 待办 of one obligation: 应报 (not 待申请), neither 已审 nor 免报 — what keeps the region from passing up. */
export function isOutstandingAt(facts: ObligationFigureFacts, regionLevel: AdminLevel): boolean {
  return !facts.is_awaiting_application && !isApprovedAt(facts, regionLevel) && !facts.is_excused;
}

/**
 * The figures of the obligations of a region whose own level is `regionLevel`; an entry with a `count` stands
 * for that many obligations with the same facts (counted in SQL).
 */
export function figuresOf(
  obligations: ReadonlyArray<ObligationFigureFacts & { count?: number }>,
  regionLevel: AdminLevel,
): CompletenessFigures {
  let all = 0;
  let submitted = 0;
  let onTime = 0;
  let approved = 0;
  let excused = 0;
  let awaitingApplication = 0;
  for (const facts of obligations) {
    const count = facts.count ?? 1;
    all += count;
    if (facts.is_awaiting_application) {
      awaitingApplication += count;
      continue;
    }
    if (facts.is_submitted) submitted += count;
    if (facts.is_on_time) onTime += count;
    if (isApprovedAt(facts, regionLevel)) approved += count;
    else if (facts.is_excused) excused += count;
  }
  const expected = all - awaitingApplication;
  const due = expected - excused;
  return {
    expected,
    submitted,
    onTime,
    approved,
    excused,
    awaitingApplication,
    outstanding: expected - approved - excused,
    onTimeRate: due > 0 ? onTime / due : null,
  };
}
