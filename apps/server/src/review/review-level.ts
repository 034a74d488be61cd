import { sql, type Expression, type SqlBool } from 'kysely';
import type { AdminLevel } from '../db/schema.ts';

const rank: Record<AdminLevel, number> = { county: 1, city: 2, province: 3, ministry: 4 };

/** True when `level` reviews after `than` (市级 after 区县). */
export function isLevelAbove(level: AdminLevel, than: AdminLevel): boolean {
  return rank[level] > rank[than];
}

/**
 * SQL condition "the filing has passed the review of this level": approved at the last level, or submitted and
 * waiting at a level above. A district sees its approvals in its totals before the ministry's final word.
 */
export function passedReviewAt(level: AdminLevel, table = 'filings'): Expression<SqlBool> {
  const status = sql.ref(`${table}.status`);
  const pending = sql.ref(`${table}.pending_level`);
  return sql<SqlBool>`(${status} = 'approved' or (${status} = 'submitted' and (case ${pending} when 'county' then 1 when 'city' then 2 when 'province' then 3 when 'ministry' then 4 else 0 end) > ${rank[level]}))`;
}

/** The same rule as passedReviewAt, for a filing already loaded. */
export function hasPassedReviewAt(
  filing: { status: string | null; pending_level: AdminLevel | null },
  level: AdminLevel,
): boolean {
  if (filing.status === 'approved') return true;
  return (
    filing.status === 'submitted' && filing.pending_level !== null && rank[filing.pending_level] > rank[level]
  );
}
