import { sql, type Expression, type SqlBool } from 'kysely';
import type { AdminLevel } from '../db/schema.ts';

const rank: Record<AdminLevel, number> = { county: 1, city: 2, province: 3, ministry: 4 };

/** True when `level` reviews after `than` (市级 after 区县). */
export function isLevelAbove(level: AdminLevel, than: AdminLevel): boolean {
  return rank[level] > rank[than];
}

/**
 * SQL condition "the filing has passed the review of this level": approved at the last level, or submitted and
 * waiting at a level above. A district sees its approvals in its totals before the ministry's final word. The
 * rule itself is the SQL function filing_passed_review_at (migration 20261207T0200), which the 汇总 trigger and
 * these queries share.
 */
export function passedReviewAt(level: AdminLevel, table = 'filings'): Expression<SqlBool> {
  return sql<SqlBool>`filing_passed_review_at(${sql.ref(`${table}.status`)}, ${sql.ref(`${table}.pending_level`)}, ${level})`;
}

/** SQL condition "the filing counts in 汇总 at all" (submitted or approved): filing_is_counted. */
export function isCounted(table = 'filings'): Expression<SqlBool> {
  return sql<SqlBool>`filing_is_counted(${sql.ref(`${table}.status`)})`;
}

/**
 * The same rule as filing_passed_review_at, for a filing already loaded (review-level.test.ts checks that both
 * answer alike for every status, pending level and level).
 */
export function hasPassedReviewAt(
  filing: { status: string | null; pending_level: AdminLevel | null },
  level: AdminLevel,
): boolean {
  if (filing.status === 'approved') return true;
  return (
    filing.status === 'submitted' && filing.pending_level !== null && rank[filing.pending_level] > rank[level]
  );
}
