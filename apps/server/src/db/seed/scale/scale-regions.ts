import { regionSeed, type RegionSeed } from '../../../region/region-data.ts';

// The regions table holds every province but only some cities and districts. A national population needs a
// district under every province, so the scale seed adds stand-in cities and districts (marked 模拟) wherever
// the reference data has none, and keeps the real codes (广东, 深圳, 湖南, 重庆) where it has them.

const municipalities = new Set(['110000', '120000', '310000', '500000']);
const CITIES_PER_PROVINCE = 8;
const COUNTIES_PER_CITY = 6;
const COUNTIES_PER_MUNICIPALITY = 16;

// Rough share of the country's software firms by province (the industry gathers in a few of them); every
// other province counts 1.
const provinceWeights: Record<string, number> = {
  '440000': 16,
  '110000': 14,
  '320000': 12,
  '310000': 10,
  '330000': 10,
  '370000': 7,
  '510000': 6,
  '420000': 4,
  '350000': 4,
  '210000': 3,
  '610000': 3,
  '500000': 3,
  '430000': 3,
  '340000': 3,
  '120000': 2,
};

export interface ScaleCounty {
  code: string;
  provinceCode: string;
  /** Relative share of the province's enterprises. */
  weight: number;
}

export interface ScaleRegionPlan {
  /** Stand-in cities and districts to add to the regions table (none of them exist in the reference data). */
  newRegions: RegionSeed[];
  /** Every district enterprises may be registered in, with its share of the national population. */
  counties: ScaleCounty[];
}

const pad2 = (value: number) => String(value).padStart(2, '0');

/** The districts of a national population: real ones where the reference data has them, stand-ins elsewhere. */
export function planScaleRegions(): ScaleRegionPlan {
  const childrenOf = new Map<string, RegionSeed[]>();
  for (const region of regionSeed) {
    if (!region.parentCode) continue;
    childrenOf.set(region.parentCode, [...(childrenOf.get(region.parentCode) ?? []), region]);
  }
  const newRegions: RegionSeed[] = [];
  const counties: ScaleCounty[] = [];

  const addStandInCounties = (parent: RegionSeed, prefix: string, count: number) => {
    for (let n = 1; n <= count; n += 1) {
      const code = `${prefix}${pad2(n)}`;
      newRegions.push({
        code,
        name: `${parent.name}第${n}区（模拟）`,
        level: 'county',
        parentCode: parent.code,
      });
    }
  };

  for (const province of regionSeed.filter((region) => region.level === 'province')) {
    const provinceDistricts: string[] = [];
    const realChildren = childrenOf.get(province.code) ?? [];
    if (municipalities.has(province.code)) {
      // A municipality's districts sit directly under it (as 重庆's do).
      if (realChildren.length === 0) {
        addStandInCounties(province, `${province.code.slice(0, 2)}01`, COUNTIES_PER_MUNICIPALITY);
        provinceDistricts.push(...newRegions.slice(-COUNTIES_PER_MUNICIPALITY).map((region) => region.code));
      } else provinceDistricts.push(...realChildren.map((region) => region.code));
    } else {
      const cities = [...realChildren];
      if (cities.length === 0) {
        for (let n = 1; n <= CITIES_PER_PROVINCE; n += 1) {
          const city: RegionSeed = {
            code: `${province.code.slice(0, 2)}${pad2(n)}00`,
            name: `${province.name.replace(/(省|自治区|维吾尔|壮族|回族)+$/u, '')}第${n}市（模拟）`,
            level: 'city',
            parentCode: province.code,
          };
          newRegions.push(city);
          cities.push(city);
        }
      }
      for (const city of cities) {
        const realCounties = childrenOf.get(city.code) ?? [];
        if (realCounties.length > 0) {
          provinceDistricts.push(...realCounties.map((region) => region.code));
          continue;
        }
        addStandInCounties(city, city.code.slice(0, 4), COUNTIES_PER_CITY);
        provinceDistricts.push(...newRegions.slice(-COUNTIES_PER_CITY).map((region) => region.code));
      }
    }
    // Within a province firms crowd into the first districts (the capital's): a Zipf-like share by rank.
    const provinceWeight = provinceWeights[province.code] ?? 1;
    const rankWeights = provinceDistricts.map((_, rank) => 1 / (rank + 1) ** 0.8);
    const rankTotal = rankWeights.reduce((sum, weight) => sum + weight, 0);
    provinceDistricts.forEach((code, rank) =>
      counties.push({
        code,
        provinceCode: province.code,
        weight: (provinceWeight * rankWeights[rank]!) / rankTotal,
      }),
    );
  }
  return { newRegions, counties };
}
