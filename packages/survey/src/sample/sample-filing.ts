import type { CellValue, FilingValues, PeriodType, SurveyEdition } from '../definitions/survey.types.ts';
import { buildUscc } from '../validators/uscc.validator.ts';
import { Random } from './random.ts';

// Deterministic demo filings of a plausible software firm: 主营业务收入 of a few thousand 万元, consistent
// ratios, every rule of the edition satisfied unless issues are asked for. The annual and the monthly
// filings of one seed describe the same enterprise; monthly values of one seed grow month by month.

export interface SampleOptions {
  periodType: PeriodType;
  seed: number;
  /** Multiplies the enterprise's size (revenue, staff); revenue stays above the scope threshold. */
  scale?: number;
  /** Month 1–12 of a monthly filing; values are year-to-date (default 12). */
  monthIndex?: number;
  /** Plants one must-fix error and/or one serious warning. */
  withIssues?: Array<'error' | 'warning'>;
}

const LOCATIONS = [
  {
    division: '110108',
    city: '北京',
    district: '海淀区',
    street: '中关村大街',
    postcode: '100080',
    areaCode: '010',
  },
  {
    division: '310115',
    city: '上海',
    district: '浦东新区',
    street: '张江路',
    postcode: '201203',
    areaCode: '021',
  },
  {
    division: '440305',
    city: '深圳',
    district: '南山区',
    street: '科技园南路',
    postcode: '518057',
    areaCode: '0755',
  },
  {
    division: '330106',
    city: '杭州',
    district: '西湖区',
    street: '文三路',
    postcode: '310012',
    areaCode: '0571',
  },
  {
    division: '510107',
    city: '成都',
    district: '武侯区',
    street: '天府大道',
    postcode: '610041',
    areaCode: '028',
  },
  {
    division: '500112',
    city: '重庆',
    district: '渝北区',
    street: '星光大道',
    postcode: '401120',
    areaCode: '023',
  },
  {
    division: '430111',
    city: '长沙',
    district: '雨花区',
    street: '万家丽中路',
    postcode: '410007',
    areaCode: '0731',
  },
  {
    division: '320114',
    city: '南京',
    district: '雨花台区',
    street: '软件大道',
    postcode: '210012',
    areaCode: '025',
  },
  {
    division: '420111',
    city: '武汉',
    district: '洪山区',
    street: '光谷大道',
    postcode: '430074',
    areaCode: '027',
  },
  {
    division: '610113',
    city: '西安',
    district: '雁塔区',
    street: '科技路',
    postcode: '710061',
    areaCode: '029',
  },
] as const;

/** The pieces sample enterprise and person names are made of (also used by the national-scale seed). */
export const sampleNameParts = {
  words: ['云启', '数智', '华软', '启明', '智联', '星辰', '睿信', '博通', '天衡', '联创', '易达', '恒远'],
  suffixes: ['信息科技有限公司', '软件有限公司', '网络技术有限公司', '数据科技有限公司'],
  surnames: ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'],
  givenNames: ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '涛', '明', '华', '婷'],
} as const;
const ACTIVITIES = [
  '行业应用软件开发',
  '信息系统集成服务',
  '云服务与运维服务',
  '数据分析服务',
  '工业软件研发',
];
const INDUSTRIES = ['6513', '6531', '6511', '6540', '6550', '6560'];
const USCC_BODY_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function round2(value: number): number {
  // `|| 0`: a tiny negative rounds to -0, which JSON and the database store as 0.
  return Math.round(value * 100) / 100 || 0;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Splits a total into random shares; the first `keep` shares are never zero. */
function split(random: Random, total: number, count: number, zeroChance: number, keep = 0): number[] {
  const weights = Array.from({ length: count }, (_, i) =>
    i >= keep && random.chance(zeroChance) ? 0 : random.between(0.2, 1),
  );
  const weightSum = sum(weights);
  return weights.map((weight) => round2((total * weight) / weightSum));
}

interface GridLeaf {
  rowNo: string;
  income: number;
  export: number;
  export1: number;
  export2: number;
}

/** The enterprise behind a seed: its year in 万元 (money), 人 (staff) and 万美元 (exports). */
interface Profile {
  seed: number;
  location: (typeof LOCATIONS)[number];
  name: string;
  hasEmbedded: boolean;
  hasAi: boolean;
  /** The least AI revenue (万元) that makes the enterprise an AI enterprise under the edition (0 where none is set). */
  aiRevenueFloor: number;
  mainRevenue: number;
  operatingRevenue: number;
  leaves: GridLeaf[];
  employees: number;
  averageEmployees: number;
  researchStaff: number;
  wages: number;
  researchFunds: number;
  profitRate: number;
}

function createProfile(edition: SurveyEdition, seed: number, scale: number): Profile {
  const random = new Random(seed * 7919 + 17);
  const location = random.pick(LOCATIONS);
  const name = `${location.city}${random.pick(sampleNameParts.words)}${random.pick(sampleNameParts.suffixes)}`;
  const hasEmbedded = random.chance(0.35);
  const hasAi = random.chance(0.3);
  const threshold = edition.parameters.scopeMainRevenueMin ?? 2000;
  const mainRevenue = round2(Math.max(random.between(2500, 8000) * scale, threshold * 1.05));
  const operatingRevenue = round2(mainRevenue * random.between(1, 1.08));
  const softwareRevenue = mainRevenue * random.between(0.72, 0.93);
  const classShares = [random.between(0.15, 0.35), random.between(0.45, 0.7), random.between(0.03, 0.12)];
  if (hasEmbedded) classShares.push(random.between(0.05, 0.15));
  const shareSum = sum(classShares);
  const exportShare = random.chance(0.6) ? random.between(0.01, 0.08) : 0;
  const usdRate = 6.9;
  const rowCounts = [7, 11, 3, 7];
  const leaves: GridLeaf[] = [];
  classShares.forEach((share, classIndex) => {
    const classNo = classIndex + 1;
    // Row 1.3 平台软件 always has revenue: the manual's first warning is about it.
    const incomes = split(
      random,
      (softwareRevenue * share) / shareSum,
      rowCounts[classIndex]!,
      0.3,
      classNo === 1 ? 3 : 1,
    );
    incomes.forEach((income, i) => {
      const rowExport =
        income > 0 && exportShare > 0
          ? round2((income * exportShare * random.between(0.5, 1.5)) / usdRate)
          : 0;
      const isEmbedded = classNo === 4;
      const export1 = isEmbedded ? 0 : round2(rowExport * random.between(0.3, 0.8));
      const export2 = isEmbedded ? 0 : round2(rowExport - export1);
      leaves.push({
        rowNo: `${classNo}.${i + 1}`,
        income,
        export: isEmbedded ? rowExport : round2(export1 + export2),
        export1,
        export2,
      });
    });
  });
  const employees = Math.max(15, Math.round(mainRevenue / random.between(35, 70)));
  const averageEmployees = Math.max(12, Math.round(employees * random.between(0.92, 1)));
  return {
    seed,
    location,
    name,
    hasEmbedded,
    hasAi,
    aiRevenueFloor: (mainRevenue * (edition.parameters.aiShareMin ?? 0) * 1.1) / 100,
    mainRevenue,
    operatingRevenue,
    leaves,
    employees,
    averageEmployees,
    researchStaff: Math.round(employees * random.between(0.3, 0.6)),
    wages: round2(averageEmployees * random.between(12, 30)),
    researchFunds: round2(softwareRevenue * random.between(0.06, 0.15)),
    profitRate: random.between(0.06, 0.22),
  };
}

function classTotal(profile: Profile, classNo: string, field: keyof Omit<GridLeaf, 'rowNo'>): number {
  return round2(
    sum(profile.leaves.filter((leaf) => leaf.rowNo.startsWith(`${classNo}.`)).map((leaf) => leaf[field])),
  );
}

function leafIncome(profile: Profile, rowNo: string): number {
  return profile.leaves.find((leaf) => leaf.rowNo === rowNo)?.income ?? 0;
}

function personName(random: Random): string {
  return (
    random.pick(sampleNameParts.surnames) +
    random.pick(sampleNameParts.givenNames) +
    (random.chance(0.6) ? random.pick(sampleNameParts.givenNames) : '')
  );
}

/** Each form draws from its own sequence, so forms do not depend on the order they are built in. */
function formRandom(profile: Profile, salt: number): Random {
  return new Random(profile.seed * 7919 + salt);
}

function basicForm(profile: Profile): Record<string, CellValue> {
  const { location } = profile;
  const random = formRandom(profile, 101);
  const subject = `MA${Array.from({ length: 6 }, () => random.pick([...USCC_BODY_CHARACTERS])).join('')}`;
  const uscc = buildUscc({ authority: '9', kind: '1', division: location.division, subject });
  return {
    B01: uscc,
    B02: uscc.slice(8, 17),
    B03: profile.name,
    B04: personName(random),
    B05: location.division,
    B06: `${location.city}市${location.district}${location.street}${random.int(1, 999)}号`,
    B07: location.postcode,
    B08: `${location.areaCode}-${random.int(6000_0000, 8999_9999)}`,
    B09: random.pick(INDUSTRIES),
    B10: random.pick(['112', '119', '121', '310']),
    B11: random.pick(['3', '3', '3', '1', '5']),
    B12: `${random.int(2003, 2018)}-${String(random.int(1, 12)).padStart(2, '0')}`,
    B13: profile.hasEmbedded ? '1' : '2',
    B14: profile.hasAi ? '1' : '2',
    B15: random.pick(ACTIVITIES),
    B17: personName(random),
    B18: personName(random),
    B19: `13${random.int(100_000_000, 999_999_999)}`,
    B20: `2024-03-${String(random.int(1, 20)).padStart(2, '0')}`,
  };
}

function financeForm(profile: Profile): Record<string, CellValue> {
  const random = formRandom(profile, 202);
  const revenue = Math.round(profile.operatingRevenue * 10);
  const assets = Math.round(revenue * random.between(0.8, 1.5));
  const liabilities = Math.round(assets * random.between(0.3, 0.6));
  const cost = Math.round(revenue * random.between(0.45, 0.65));
  const fixedAssets = Math.round(assets * random.between(0.08, 0.2));
  const depreciation = Math.round(fixedAssets * random.between(0.2, 0.6));
  const softwareRevenue = sum(profile.leaves.map((leaf) => leaf.income));
  const profit = Math.round(softwareRevenue * profile.profitRate * 10);
  return {
    F10: assets,
    F11: Math.round(assets * random.between(0.55, 0.8)),
    F12: fixedAssets,
    F13: depreciation,
    F14: Math.round(depreciation * random.between(0.15, 0.35)),
    F20: liabilities,
    F25: assets - liabilities,
    F30: revenue,
    F31: Math.round(profile.mainRevenue * 10),
    F35: cost,
    F36: Math.round(cost * random.between(0.85, 0.98)),
    F40: Math.round(revenue * 0.006),
    F41: Math.round(revenue * random.between(0.03, 0.08)),
    F42: Math.round(revenue * random.between(0.06, 0.1)),
    F43: Math.round(profile.researchFunds * 10 * random.between(0.8, 0.95)),
    F44: Math.round(revenue * random.between(-0.002, 0.006)),
    F50: Math.round(profit * random.between(0.92, 1)),
    F55: profit,
    F56: Math.round(Math.max(profit, 0) * 0.15),
    F60: Math.round(revenue * random.between(0.02, 0.05)),
    F70: Math.round(profile.wages * 10 * random.between(1.05, 1.2)),
  };
}

function businessForm(profile: Profile): Record<string, CellValue> {
  const random = formRandom(profile, 303);
  const services = classTotal(profile, '2', 'income');
  const highlyEducated = Math.round(profile.employees * random.between(0.08, 0.3));
  const graduates = Math.round(profile.employees * random.between(0.55, 0.7));
  return {
    A11: classTotal(profile, '1', 'income'),
    A111: leafIncome(profile, '1.1'),
    A112: leafIncome(profile, '1.4'),
    A12: services,
    A121: leafIncome(profile, '2.5'),
    A122: leafIncome(profile, '2.6'),
    A123: leafIncome(profile, '2.7'),
    A124: leafIncome(profile, '2.8'),
    A125: leafIncome(profile, '2.10'),
    A13: classTotal(profile, '3', 'income'),
    A131: leafIncome(profile, '3.3'),
    A14: classTotal(profile, '4', 'income'),
    A50: round2(services * random.between(0.05, 0.3)),
    A61: round2(
      classTotal(profile, '1', 'export1') +
        classTotal(profile, '2', 'export1') +
        classTotal(profile, '3', 'export1'),
    ),
    A62: classTotal(profile, '4', 'export'),
    A63: round2(
      classTotal(profile, '1', 'export2') +
        classTotal(profile, '2', 'export2') +
        classTotal(profile, '3', 'export2'),
    ),
    C10: profile.researchFunds,
    D10: profile.employees,
    D11: profile.researchStaff,
    D15: highlyEducated,
    D16: graduates,
    D17: profile.employees - highlyEducated - graduates,
    D20: profile.averageEmployees,
    D30: profile.wages,
  };
}

function revenueClassificationForm(profile: Profile): Record<string, CellValue> {
  const values: Record<string, CellValue> = {};
  for (const leaf of profile.leaves) {
    if (leaf.income === 0) continue;
    values[`${leaf.rowNo}:income`] = leaf.income;
    if (leaf.export === 0) continue;
    values[`${leaf.rowNo}:export`] = leaf.export;
    if (leaf.rowNo.startsWith('4.')) continue;
    values[`${leaf.rowNo}:export1`] = leaf.export1;
    values[`${leaf.rowNo}:export2`] = leaf.export2;
  }
  return values;
}

function aiForm(profile: Profile): Record<string, CellValue> {
  const random = formRandom(profile, 505);
  const aiRevenue = Math.max(
    sum(profile.leaves.map((leaf) => leaf.income)) * random.between(0.1, 0.3),
    profile.aiRevenueFloor,
  );
  const [software, services, products] = split(random, aiRevenue, 3, 0.2, 1);
  const aiStaff = Math.round(profile.employees * random.between(0.1, 0.3));
  return {
    E11: software!,
    E12: services!,
    E13: products!,
    E20: round2((aiRevenue * random.between(0, 0.05)) / 6.9),
    E30: round2(profile.researchFunds * random.between(0.2, 0.5)),
    E40: aiStaff,
    E41: Math.round(aiStaff * random.between(0.3, 0.7)),
    E50: random.pick(['01', '02', '03', '04', '05', '06', '07', '08', '09']),
  };
}

/** Share of the year's flow accumulated by the end of a month; rises with the month, 1 in December. */
function yearToDateShare(seed: number, monthIndex: number): number {
  const random = new Random(seed * 104729 + 3);
  const weights = Array.from({ length: 12 }, (_, i) => random.between(0.8, 1.2) * (i === 11 ? 1.4 : 1));
  return sum(weights.slice(0, monthIndex)) / sum(weights);
}

function monthlyForm(edition: SurveyEdition, profile: Profile, share: number): Record<string, CellValue> {
  const finance = financeForm(profile);
  const business = businessForm(profile);
  const weight = edition.parameters.embeddedSoftwareWeight ?? 1;
  const random = formRandom(profile, 606 + Math.round(share * 1000));
  const ytd = (annual: number): number => round2(annual * share);
  const money = (code: string): number => Number(business[code] ?? 0);
  const thousands = (code: string): number => Number(finance[code] ?? 0) / 10;
  const hardwareCost = thousands('F36') * 0.2;
  return {
    '2001': profile.hasEmbedded ? '1' : '2',
    '2010': ytd(profile.mainRevenue),
    '2021': ytd(money('A11')),
    '20211': ytd(money('A111')),
    '20212': ytd(money('A112')),
    '2022': ytd(money('A12')),
    '20221': ytd(money('A121')),
    '20222': ytd(money('A122')),
    '20223': ytd(money('A123')),
    '20224': ytd(money('A124')),
    '20225': ytd(money('A125')),
    '2023': ytd(money('A13')),
    '20231': ytd(money('A131')),
    '20241': ytd(money('A14') / weight),
    '2041': ytd(money('A61')),
    '20421': ytd(money('A62') / weight),
    '2043': ytd(money('A63')),
    '2050': ytd(thousands('F36')),
    '2051': ytd(hardwareCost),
    '2080': ytd(thousands('F41') + thousands('F42') + thousands('F43') + Math.max(thousands('F44'), 0)),
    '2090': ytd(thousands('F55')),
    '2110': ytd(profile.researchFunds),
    '2111': ytd(profile.wages),
    '2112': profile.averageEmployees,
    '2113': Math.round(random.between(-10, 30) * 10) / 10 || 0,
  };
}

function plantAnnualIssues(values: FilingValues, issues: ReadonlyArray<'error' | 'warning'>): void {
  const business = values.business!;
  const grid = values['revenue-classification']!;
  // Error: more R&D staff than staff in all (E-PART on D10).
  if (issues.includes('error')) business.D11 = Number(business.D10) + 5;
  // Warning: the manual's first case, row 1.3 exporting more than 出口1 + 出口2 (W-MAN-01, W-MAN-02).
  if (issues.includes('warning')) grid['1.3:export'] = round2(Number(grid['1.3:export'] ?? 0) + 5);
}

function plantMonthlyIssues(
  values: Record<string, CellValue>,
  issues: ReadonlyArray<'error' | 'warning'>,
): void {
  // Error: a 其中 item above its parent (E-MON-PART on 2021).
  if (issues.includes('error')) values['20211'] = round2(Number(values['2021']) + 10);
  // Warning: revenue without staff (W-MON-03).
  if (issues.includes('warning')) values['2112'] = 0;
}

/** A realistic, deterministic filing for demos, tests and benchmarks; it passes every rule unless issues are planted. */
export function createSampleFiling(edition: SurveyEdition, options: SampleOptions): FilingValues {
  const profile = createProfile(edition, options.seed, options.scale ?? 1);
  const issues = options.withIssues ?? [];
  if (options.periodType === 'month') {
    const monthIndex = options.monthIndex ?? 12;
    if (!Number.isInteger(monthIndex) || monthIndex < 1 || monthIndex > 12) {
      throw new RangeError(`monthIndex应为1至12的整数,实为${monthIndex}`);
    }
    const monthly = monthlyForm(edition, profile, yearToDateShare(options.seed, monthIndex));
    plantMonthlyIssues(monthly, issues);
    return { monthly };
  }
  const values: FilingValues = {
    basic: basicForm(profile),
    finance: financeForm(profile),
    business: businessForm(profile),
    'revenue-classification': revenueClassificationForm(profile),
  };
  if (profile.hasAi) values.ai = aiForm(profile);
  plantAnnualIssues(values, issues);
  return values;
}
