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

/** Checks a configured chain: known levels, no repeats, lowest first, ending with the ministry. */
export function validateChainLevels(levels: readonly AdminLevel[]): string | null {
  if (levels.length === 0) return '审核层级不能为空';
  if (new Set(levels).size !== levels.length) return '审核层级不能重复';
  const positions = levels.map((level) => levelOrder.indexOf(level));
  if (positions.some((position, i) => i > 0 && position < positions[i - 1]!)) {
    return '审核层级应自下而上排列（区县 → 市 → 省 → 部）';
  }
  if (levels.at(-1) !== 'ministry') return '审核层级的最后一级应为部级';
  return null;
}
