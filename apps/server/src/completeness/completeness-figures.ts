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
  return sql<boolean>`(${isSubmittedSql(table)} and coalesce((
    select min(filing_revisions.submitted_at) from filing_revisions
    where filing_revisions.filing_id = ${sql.ref(`${table}.id`)}
  ) <= coalesce(${sql.ref(`${table}.deadline_extended_until`)}, ${closesAt}), false))`;
}

/** SQL: an administrator excused the enterprise from the task (免报 when it has not passed review). */
export function isExcusedSql(taskId: string, enterpriseTable = 'enterprises'): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from obligation_excusals
    where obligation_excusals.task_id = ${taskId}
      and obligation_excusals.enterprise_id = ${sql.ref(`${enterpriseTable}.id`)})`;
}

/** One obligation (an enterprise 应报 for the task) with the facts the figures are counted from. */
export interface ObligationFigureFacts {
  status: FilingStatus | null;
  pending_level: AdminLevel | null;
  is_submitted: boolean;
  is_on_time: boolean;
  is_excused: boolean;
}

/** 已审 of one obligation in a region of this level. */
export function isApprovedAt(facts: ObligationFigureFacts, regionLevel: AdminLevel): boolean {
  return hasPassedReviewAt(facts, regionLevel);
}

/** 免报 of one obligation: excused, and not 已审 (an excused filing that passed review counts as 已审). */
export function isExcusedAt(facts: ObligationFigureFacts, regionLevel: AdminLevel): boolean {
  return facts.is_excused && !isApprovedAt(facts, regionLevel);
}

/** The figures of the obligations of a region whose own level is `regionLevel`. */
export function figuresOf(
  obligations: readonly ObligationFigureFacts[],
  regionLevel: AdminLevel,
): CompletenessFigures {
  let submitted = 0;
  let onTime = 0;
  let approved = 0;
  let excused = 0;
  for (const facts of obligations) {
    if (facts.is_submitted) submitted += 1;
    if (facts.is_on_time) onTime += 1;
    if (isApprovedAt(facts, regionLevel)) approved += 1;
    else if (facts.is_excused) excused += 1;
  }
  const expected = obligations.length;
  const due = expected - excused;
  return {
    expected,
    submitted,
    onTime,
    approved,
    excused,
    outstanding: expected - approved - excused,
    onTimeRate: due > 0 ? onTime / due : null,
  };
}
