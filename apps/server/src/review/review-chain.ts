import type { AdminLevel, RegionLevel } from '../db/schema.ts';
import { adminLevelOfRegion } from '../region/admin-level.ts';

/**
 * The levels a filing passes on its way up, lowest first: 区县 → 市 → 省 → 部 for 南山区,
 * 区县 → 市 → 部 for a district of the municipality 重庆.
 */
export function reviewChainFor(lineage: Array<{ code: string; level: RegionLevel }>): AdminLevel[] {
  return lineage.map(adminLevelOfRegion);
}
