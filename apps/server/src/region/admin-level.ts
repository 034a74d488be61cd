import type { AdminLevel, RegionLevel } from '../db/schema.ts';

// 北京, 天津, 上海 and 重庆 are provincial-level municipalities: their statistics office works as the 市级.
const municipalityCodes = new Set(['110000', '120000', '310000', '500000']);

/** True for the four provincial-level municipalities (北京, 天津, 上海, 重庆). */
export function isMunicipality(provinceCode: string): boolean {
  return municipalityCodes.has(provinceCode);
}

/** The administrative level that governs a division: 部 for the nation, 市 for a municipality, and so on. */
export function adminLevelOfRegion(region: { code: string; level: RegionLevel }): AdminLevel {
  switch (region.level) {
    case 'nation':
      return 'ministry';
    case 'province':
      return municipalityCodes.has(region.code) ? 'city' : 'province';
    case 'city':
      return 'city';
    case 'county':
      return 'county';
  }
}

/** zh-CN names of the levels as the screens and messages write them. */
export const adminLevelLabel: Record<AdminLevel, string> = {
  county: '区县',
  city: '市级',
  province: '省级',
  ministry: '部级',
};
