/**
 * 纳统条件 of a notice (forms-reference §3.1): the thresholds, in 万元 and %, that decide whether an enterprise is
 * in the survey's scope. Dated: the 2020 notice and the 2021 edition differ, and a province runs those of its notice.
 */
export interface ScopeThresholds {
  id: string;
  label: string;
  /** Where the thresholds are written. */
  source: string;
  /** The first annual report (reference year) they govern. */
  fromYear: number;
  /** 主营业务收入 at least this (万元) with 软件业务收入 at least `softwareShareMin` % of it. */
  mainRevenueMin: number;
  softwareShareMin: number;
  /**
   * Mainly software and IT services (软件业务收入 over half of 主营业务收入) with 主营业务收入 at least this (万元);
   * null where the notice has no such condition.
   */
  mainlySoftwareRevenueMin: number | null;
  /** IC design: its revenue at least `icDesignShareMin` % of 主营业务收入, which is at least `icDesignRevenueMin`. */
  icDesignShareMin: number;
  icDesignRevenueMin: number;
  /** Mainly 基础软件, 工业软件, 信息安全, 工业互联网平台服务 or 数据服务, with 主营业务收入 at least this (万元). */
  specialActivityRevenueMin: number;
}

/** The enterprise's directory facts the scope decision depends on; amounts in 万元. */
export interface ScopeFacts {
  mainRevenue: number | null;
  softwareRevenue: number | null;
  icDesignRevenue: number | null;
  isSpecialActivity: boolean;
}

export interface ScopeDecision {
  /** null when the facts do not decide (no 主营业务收入): the directory's flag stands. */
  isInScope: boolean | null;
  /** The rule applied and the figures, in Chinese. */
  reason: string;
}

/** Up to the 2020 annual report (the Chongqing notice; MIIT releases of 2021). */
export const SCOPE_THRESHOLDS_2020: ScopeThresholds = {
  id: '2020',
  label: '2020年及以前通知（500万元 / 1000万元且软件占比≥30%）',
  source: '重庆市2020年统计年报通知；工业和信息化部2021年1-4月运行情况',
  fromYear: 2012,
  mainRevenueMin: 1000,
  softwareShareMin: 30,
  mainlySoftwareRevenueMin: 500,
  icDesignShareMin: 60,
  icDesignRevenueMin: 500,
  specialActivityRevenueMin: 500,
};

/** From the 2021 annual report (国统制〔2021〕136号). */
export const SCOPE_THRESHOLDS_2021: ScopeThresholds = {
  id: '2021',
  label: '2021年制度（2000万元且软件占比≥30%）',
  source: '国统制〔2021〕136号',
  fromYear: 2021,
  mainRevenueMin: 2000,
  softwareShareMin: 30,
  mainlySoftwareRevenueMin: null,
  icDesignShareMin: 60,
  icDesignRevenueMin: 500,
  specialActivityRevenueMin: 500,
};

/** Every dated set, oldest first. */
export const SCOPE_THRESHOLD_SETS: readonly ScopeThresholds[] = [
  SCOPE_THRESHOLDS_2020,
  SCOPE_THRESHOLDS_2021,
];

/** The set of a given id, or undefined. */
export function findScopeThresholds(id: string): ScopeThresholds | undefined {
  return SCOPE_THRESHOLD_SETS.find((set) => set.id === id);
}

/** The set that governs a reference year: the newest dated at or before it. */
export function scopeThresholdsForYear(year: number): ScopeThresholds {
  return [...SCOPE_THRESHOLD_SETS].reverse().find((set) => set.fromYear <= year) ?? SCOPE_THRESHOLD_SETS[0]!;
}

const amount = (value: number) => `${Number(value.toFixed(2))}万元`;
const percent = (value: number) => `${Number(value.toFixed(1))}%`;

/**
 * Whether an enterprise falls in the survey's scope by any one condition of the thresholds; the reason names the
 * condition and the enterprise's figures. Without 主营业务收入 the facts decide nothing (isInScope null).
 */
export function decideScope(facts: ScopeFacts, thresholds: ScopeThresholds): ScopeDecision {
  const main = facts.mainRevenue;
  const basis = `（${thresholds.label}）`;
  if (main === null) {
    return { isInScope: null, reason: `名录中没有主营业务收入，纳统条件无从判定${basis}` };
  }
  const share = (part: number | null) => (part !== null && main > 0 ? (part / main) * 100 : 0);
  const software = share(facts.softwareRevenue);
  const icDesign = share(facts.icDesignRevenue);
  const figures = `主营业务收入${amount(main)}，软件业务收入占比${percent(software)}`;
  if (main >= thresholds.mainRevenueMin && software >= thresholds.softwareShareMin) {
    return {
      isInScope: true,
      reason: `${figures}：主营业务收入≥${amount(thresholds.mainRevenueMin)}且软件业务收入占比≥${thresholds.softwareShareMin}%${basis}`,
    };
  }
  if (
    thresholds.mainlySoftwareRevenueMin !== null &&
    main >= thresholds.mainlySoftwareRevenueMin &&
    software > 50
  ) {
    return {
      isInScope: true,
      reason: `${figures}：主要从事软件和信息技术服务且主营业务收入≥${amount(thresholds.mainlySoftwareRevenueMin)}${basis}`,
    };
  }
  if (main >= thresholds.icDesignRevenueMin && icDesign >= thresholds.icDesignShareMin) {
    return {
      isInScope: true,
      reason: `主营业务收入${amount(main)}，集成电路设计收入占比${percent(icDesign)}：占比≥${thresholds.icDesignShareMin}%且主营业务收入≥${amount(thresholds.icDesignRevenueMin)}${basis}`,
    };
  }
  if (main >= thresholds.specialActivityRevenueMin && facts.isSpecialActivity) {
    return {
      isInScope: true,
      reason: `主营业务收入${amount(main)}：主要从事基础软件、工业软件、信息安全等且主营业务收入≥${amount(thresholds.specialActivityRevenueMin)}${basis}`,
    };
  }
  return { isInScope: false, reason: `${figures}：不满足任何一项纳统条件${basis}` };
}
