import type { RegionLevel } from '../db/schema.ts';

const prefixLength: Record<RegionLevel, number> = { nation: 0, province: 2, city: 4, county: 6 };

/**
 * The code prefix every division inside a region shares (GB/T 2260 codes nest by position):
 * '' for the nation, '44' for 广东省, '4403' for 深圳市, '440305' for 南山区.
 */
export function regionScopePrefix(regionCode: string, regionLevel: RegionLevel): string {
  return regionCode.slice(0, prefixLength[regionLevel]);
}

/** True when the target division lies inside (or is) the given region. */
export function isWithinRegion(regionCode: string, regionLevel: RegionLevel, targetCode: string): boolean {
  return targetCode.startsWith(regionScopePrefix(regionCode, regionLevel));
}
