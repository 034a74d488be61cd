import type { Contribution, TableDimension } from '../src/index.ts';

// A synthetic national publication table of the annual survey's size (about 38,000 enterprises, 2023):
// 31 provinces × the GB/T 4754-2017 industries of 65 (three levels) × the four classes of 软件业务收入, plus the
// province × industry tables of 利润总额 (losses included), 软件业务出口 and 从业人员. Enterprises are spread
// unevenly, as the real ones are (a few provinces hold most; some province × industry cells have one or two).

const PROVINCES = Array.from({ length: 31 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`);

const INDUSTRY_GROUPS: Record<string, string[]> = {
  '651': ['6511', '6512', '6513', '6519'],
  '652': ['6520'],
  '653': ['6531', '6532'],
  '654': ['6540'],
  '655': ['6550'],
  '656': ['6560'],
  '657': ['6571', '6572', '6579'],
  '659': ['6591', '6599'],
};

export const REGION_DIMENSION: TableDimension = {
  name: '地区',
  codes: [{ code: '全国', parent: null }, ...PROVINCES.map((code) => ({ code, parent: '全国' }))],
};

export const INDUSTRY_DIMENSION: TableDimension = {
  name: '行业',
  codes: [
    { code: '65', parent: null },
    ...Object.entries(INDUSTRY_GROUPS).flatMap(([group, classes]) => [
      { code: group, parent: '65' },
      ...classes.filter((code) => code !== group).map((code) => ({ code, parent: group })),
    ]),
  ],
};

export const REVENUE_DIMENSION: TableDimension = {
  name: '指标',
  codes: [
    { code: '2020', parent: null },
    ...['2021', '2022', '2023', '2024'].map((code) => ({ code, parent: '2020' })),
  ],
};

export interface PublicationData {
  revenue: Contribution[];
  profit: Contribution[];
  exports: Contribution[];
  staff: Contribution[];
}

/** The enterprises' contributions, reproducible from the seed. */
export function generatePublicationData(enterprises: number, seed = 20261208): PublicationData {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const leaves = INDUSTRY_DIMENSION.codes
    .filter((code) => !INDUSTRY_DIMENSION.codes.some((other) => other.parent === code.code))
    .map((code) => code.code);
  // Province weights fall off geometrically (广东, 北京, 江苏 … 西藏); industries likewise.
  const pick = <T>(items: T[], decay: number): T => {
    const u = random();
    const index = Math.floor(Math.log(1 - u * (1 - decay ** items.length)) / Math.log(decay));
    return items[Math.min(index, items.length - 1)] as T;
  };
  const data: PublicationData = { revenue: [], profit: [], exports: [], staff: [] };
  for (let e = 0; e < enterprises; e++) {
    const province = pick(PROVINCES, 0.88);
    const industry = pick(leaves, 0.8);
    const contributor = `E${e}`;
    // Sizes are heavy-tailed: most near the 2000万 threshold, a few giants.
    const revenue = Math.round(2000 * Math.exp(2.2 * -Math.log(1 - random() * 0.999)) * 100) / 100;
    const shares = [random(), random() * 2, random() * 0.3, random() * 0.5];
    const sum = shares.reduce((a, b) => a + b, 0);
    ['2021', '2022', '2023', '2024'].forEach((code, i) => {
      const value = Math.round(((revenue * (shares[i] ?? 0)) / sum) * 100) / 100;
      if (value > 0) data.revenue.push({ coordinates: [province, industry, code], contributor, value });
    });
    const margin = random() < 0.15 ? -0.3 * random() : 0.25 * random();
    data.profit.push({
      coordinates: [province, industry],
      contributor,
      value: Math.round(revenue * margin * 100) / 100,
    });
    if (random() < 0.3)
      data.exports.push({
        coordinates: [province, industry],
        contributor,
        value: Math.round(revenue * 0.02 * random() * 100) / 100,
      });
    data.staff.push({
      coordinates: [province, industry],
      contributor,
      value: Math.max(1, Math.round(revenue / (60 + 60 * random()))),
    });
  }
  return data;
}
