import { authorize, type AdminActor } from '../access/policy.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { AdminLevel } from '../db/schema.ts';
import { findRegion } from '../region/region.repository.ts';
import type { Finding } from '@zhibao/survey';
import { previousPeriodOf, samePeriodLastYearOf } from '../task/period.ts';
import { auditStoredFiling } from './review-cells.ts';
import { listRuleSwitchPackages } from '../rule-switch/rule-switch.repository.ts';
import { findChainSettings } from './review-chain.repository.ts';
import { provinceCodeOf, reviewDeadlineOf, type ReviewChainSettings } from './review-chain.ts';
import {
  identicalValuesSignal,
  identicalValuesSignals,
  isTellingAddress,
  sameSourceRule,
  sameSourceSignal,
} from './integrity-signals.ts';
import {
  findFilingForReview,
  findFilingsOfPeriods,
  listIdenticalWaitingFilings,
  listSubmissionSources,
  listSubmissionsFromAddresses,
  type ReviewFilingRow,
} from './review.repository.ts';

/** What the review screens and commands share: the administrator, the filing as a reviewer loads it, deadlines and 代报 signals. */

export type Admin = AdminActor;

/** Chain settings per province, loaded once per request however many filings share a province. */
export function chainSettingsCache(ctx: AppContext): (regionCode: string) => Promise<ReviewChainSettings> {
  const cache = new Map<string, Promise<ReviewChainSettings>>();
  return (regionCode) => {
    const provinceCode = provinceCodeOf(regionCode);
    if (!cache.has(provinceCode)) cache.set(provinceCode, findChainSettings(ctx.db, provinceCode));
    return cache.get(provinceCode)!;
  };
}

/** A level's review deadline for a filing, and whether it has passed while the filing still waits there. */
export async function reviewDeadlineFor(
  ctx: AppContext,
  settingsOf: (regionCode: string) => Promise<ReviewChainSettings>,
  row: Pick<
    ReviewFilingRow,
    'region_code' | 'closes_at' | 'review_deadlines' | 'status' | 'pending_level' | 'deadline_extended_until'
  >,
  level: AdminLevel,
): Promise<{ reviewDeadline: string | null; isReviewOverdue: boolean }> {
  const deadline = reviewDeadlineOf(
    { closesAt: row.closes_at, reviewDeadlines: row.review_deadlines },
    await settingsOf(row.region_code),
    level,
    row.deadline_extended_until,
  );
  return {
    reviewDeadline: deadline?.toISOString() ?? null,
    isReviewOverdue:
      deadline !== null &&
      row.status === 'submitted' &&
      row.pending_level === level &&
      deadline.getTime() < ctx.now().getTime(),
  };
}

/**
 * 代报 signals of submitted filings (never blocking): identical values among them, and many enterprises of the
 * administrator's region submitting from one address within a short time.
 */
export async function integritySignalsOf(
  ctx: AppContext,
  regionPrefix: string,
  rows: ReadonlyArray<Pick<ReviewFilingRow, 'id' | 'enterprise_id' | 'enterprise_name' | 'cell_values'>>,
): Promise<Map<string, string[]>> {
  const signals = new Map<string, string[]>(rows.map((row) => [row.id, []]));
  for (const [filingId, signal] of identicalValuesSignals(rows)) signals.get(filingId)!.push(signal);
  return addSameSourceSignals(ctx, regionPrefix, rows, signals);
}

/**
 * 代报 signals of one page of the review queue: identical values among every filing waiting with it (found in SQL),
 * and submissions from one address.
 */
export async function queuePageSignalsOf(
  ctx: AppContext,
  regionPrefix: string,
  rows: ReadonlyArray<Pick<ReviewFilingRow, 'id' | 'enterprise_id'>>,
): Promise<Map<string, string[]>> {
  const twins = await listIdenticalWaitingFilings(ctx.db, {
    regionPrefix,
    filingIds: rows.map((row) => row.id),
  });
  const signals = new Map<string, string[]>(rows.map((row) => [row.id, []]));
  for (const row of rows) {
    const names = twins.filter((twin) => twin.filing_id === row.id).map((twin) => twin.enterprise_name);
    if (names.length > 0) signals.get(row.id)!.push(identicalValuesSignal(names));
  }
  return addSameSourceSignals(ctx, regionPrefix, rows, signals);
}

/** Adds to `signals` the 代报 signal of many enterprises of the region submitting from one address. */
async function addSameSourceSignals(
  ctx: AppContext,
  regionPrefix: string,
  rows: ReadonlyArray<Pick<ReviewFilingRow, 'id' | 'enterprise_id'>>,
  signals: Map<string, string[]>,
): Promise<Map<string, string[]>> {
  const sources = await listSubmissionSources(
    ctx.db,
    rows.map((row) => row.id),
  );
  const latest = new Map(sources.map((source) => [source.filing_id, source]));
  const addresses = [...new Set(sources.map((source) => source.ip_address).filter(isTellingAddress))];
  if (addresses.length === 0) return signals;
  const times = sources.map((source) => source.created_at.getTime());
  const windowMs = sameSourceRule.windowMinutes * 60_000;
  const nearby = await listSubmissionsFromAddresses(ctx.db, {
    addresses,
    from: new Date(Math.min(...times) - windowMs),
    to: new Date(Math.max(...times) + windowMs),
    regionPrefix,
  });
  const submissions = nearby.map((other) => ({
    filingId: other.filing_id,
    enterpriseId: other.enterprise_id,
    enterpriseName: other.enterprise_name,
    ip: other.ip_address,
    userAgent: other.user_agent,
    at: other.created_at,
  }));
  for (const row of rows) {
    const source = latest.get(row.id);
    if (!source) continue;
    const signal = sameSourceSignal(
      {
        enterpriseId: row.enterprise_id,
        ip: source.ip_address,
        userAgent: source.user_agent,
        at: source.created_at,
      },
      submissions,
    );
    if (signal) signals.get(row.id)!.push(signal);
  }
  return signals;
}

export async function scopePrefixFor(
  ctx: AppContext,
  admin: Admin,
  regionCode: string | undefined,
): Promise<string> {
  if (!regionCode) return regionScopePrefix(admin.regionCode, admin.regionLevel);
  const region = await findRegion(ctx.db, regionCode);
  authorize(admin, 'region.read', region);
  return regionScopePrefix(region.code, region.level);
}

export async function loadFiling(
  ctx: AppContext,
  admin: Admin,
  filingId: string,
  action: 'review.read' | 'review.approve' | 'review.return',
) {
  const row = await findFilingForReview(ctx.db, filingId);
  authorize(admin, action, row && { id: row.enterprise_id, regionCode: row.region_code });
  return row;
}

export async function comparisonValues(ctx: AppContext, row: ReviewFilingRow) {
  const previous = previousPeriodOf(row.period_type, row.period);
  const lastYear = samePeriodLastYearOf(row.period);
  const [others, packages] = await Promise.all([
    findFilingsOfPeriods(ctx.db, {
      enterpriseId: row.enterprise_id,
      periodType: row.period_type,
      periods: [previous, lastYear].filter((period): period is string => period !== null),
    }),
    listRuleSwitchPackages(ctx.db),
  ]);
  return {
    previousPeriod: others.find((other) => other.period === previous)?.cell_values,
    samePeriodLastYear: others.find((other) => other.period === lastYear)?.cell_values,
    packages,
  };
}

/** The engine's findings on a filing as a reviewer sees it, against the enterprise's own earlier periods. */
export async function findingsForReview(ctx: AppContext, row: ReviewFilingRow): Promise<Finding[]> {
  return auditStoredFiling({
    editionId: row.edition_id,
    periodType: row.period_type,
    period: row.period,
    values: row.cell_values,
    ...(await comparisonValues(ctx, row)),
  });
}
