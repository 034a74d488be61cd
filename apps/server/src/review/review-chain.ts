import type { AdminLevel, RegionLevel } from '../db/schema.ts';
import { adminLevelOfRegion, isMunicipality } from '../region/admin-level.ts';

/**
 * The levels a filing passes on its way up when nothing is configured, lowest first: 区县 → 市 → 省 → 部
 * for 南山区, 区县 → 市 → 部 for a district of the municipality 重庆.
 */
export function reviewChainFor(lineage: Array<{ code: string; level: RegionLevel }>): AdminLevel[] {
  return lineage.map(adminLevelOfRegion);
}

/** The chain a province starts with before its administrators configure another one. */
export function defaultReviewChainLevels(provinceCode: string): AdminLevel[] {
  return isMunicipality(provinceCode)
    ? ['county', 'city', 'ministry']
    : ['county', 'city', 'province', 'ministry'];
}

const levelOrder: readonly AdminLevel[] = ['county', 'city', 'province', 'ministry'];

/**
 * A filing's chain: the province's configured levels that exist above the enterprise's division. An enterprise
 * registered directly under a city (no 区县) starts at the city; a province that skips the city goes 区县 → 省.
 */
export function chainForLineage(
  lineage: Array<{ code: string; level: RegionLevel }>,
  configuredLevels: readonly AdminLevel[],
): AdminLevel[] {
  const present = new Set(lineage.map(adminLevelOfRegion));
  return levelOrder.filter((level) => configuredLevels.includes(level) && present.has(level));
}

/** The province (or municipality) code of a division: '440305' → '440000'. */
export function provinceCodeOf(regionCode: string): string {
  return `${regionCode.slice(0, 2)}0000`;
}

/** Checks a configured chain: no repeats, lowest first, starting at the 区县 and ending with the ministry. */
export function validateChainLevels(levels: readonly AdminLevel[]): string | null {
  if (levels.length === 0) return '审核层级不能为空';
  if (new Set(levels).size !== levels.length) return '审核层级不能重复';
  if (levels[0] !== 'county') return '审核层级的第一级应为区县，不能跳过';
  const positions = levels.map((level) => levelOrder.indexOf(level));
  if (positions.some((position, i) => i > 0 && position < positions[i - 1]!)) {
    return '审核层级应自下而上排列（区县 → 市 → 省 → 部）';
  }
  if (levels.at(-1) !== 'ministry') return '审核层级的最后一级应为部级';
  return null;
}

/** Days a level has for its review when the province has not set its own (and the task names no date). */
export const defaultReviewDays = 5;

/** The levels a province's chain can have: 区县 → 市 → 省 → 部, and no 省 for a municipality such as 重庆. */
export function possibleChainLevels(provinceCode: string): AdminLevel[] {
  return defaultReviewChainLevels(provinceCode);
}

/** What a province configures, lowest level first; `levels` holds only the levels that review. */
export interface ReviewChainSettings {
  levels: AdminLevel[];
  delegates: Partial<Record<AdminLevel, string>>;
  reviewDays: Partial<Record<AdminLevel, number>>;
}

/**
 * A level's review deadline for a task: the date the task sets for that level, or else the deadline of the
 * reviewing level below (the filing deadline for the first) plus this level's review days. Null for a level
 * that does not review in this chain. A filing whose own deadline is later than the task's (延期, or reopened by
 * a granted 更正申请) has its level deadlines reopened: each level has at least its review days after the level
 * below, counted from the filing's deadline.
 */
export function reviewDeadlineOf(
  task: { closesAt: Date; reviewDeadlines: Partial<Record<AdminLevel, string>> },
  chain: Pick<ReviewChainSettings, 'levels' | 'reviewDays'>,
  level: AdminLevel,
  filingDeadline?: Date | null,
): Date | null {
  if (!chain.levels.includes(level)) return null;
  const isReopened = filingDeadline != null && filingDeadline > task.closesAt;
  let deadline = isReopened ? filingDeadline : task.closesAt;
  for (const each of chain.levels) {
    const set = task.reviewDeadlines[each];
    const byDays = deadline.getTime() + (chain.reviewDays[each] ?? defaultReviewDays) * 86_400_000;
    deadline = new Date(
      set ? (isReopened ? Math.max(new Date(set).getTime(), byDays) : Date.parse(set)) : byDays,
    );
    if (each === level) break;
  }
  return deadline;
}
