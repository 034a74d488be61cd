/** 纳统条件 of an edition (forms-reference §3.1), from the edition's parameters; amounts in 万元. */
export interface ScopeFacts {
  mainRevenue: number | null;
  softwareRevenue: number | null;
  icDesignRevenue: number | null;
  /** Mainly in 基础软件, 工业软件, 信息安全, 工业互联网平台服务 or 数据服务. */
  isSpecialActivity: boolean;
}

export interface ScopeDecision {
  isInScope: boolean;
  reason: string;
}

/**
 * Whether an enterprise falls in the survey's scope by any one of the edition's three conditions: software share
 * with the main threshold, IC design share with the lower threshold, or a special activity with the lower one.
 */
export function decideScope(facts: ScopeFacts, parameters: Readonly<Record<string, number>>): ScopeDecision {
  const main = facts.mainRevenue;
  if (main === null) return { isInScope: false, reason: '缺少主营业务收入，无法判定是否纳统' };
  const mainMin = parameters.scopeMainRevenueMin ?? 2000;
  const specialMin = parameters.scopeSpecialRevenueMin ?? 500;
  const share = (part: number | null) => (part !== null && main > 0 ? (part / main) * 100 : 0);
  if (main >= mainMin && share(facts.softwareRevenue) >= (parameters.softwareShareMin ?? 30)) {
    return {
      isInScope: true,
      reason: `主营业务收入不低于${mainMin}万元且软件业务收入占比不低于${parameters.softwareShareMin ?? 30}%`,
    };
  }
  if (main >= specialMin && share(facts.icDesignRevenue) >= (parameters.icDesignShareMin ?? 60)) {
    return {
      isInScope: true,
      reason: `集成电路设计收入占比不低于${parameters.icDesignShareMin ?? 60}%且主营业务收入不低于${specialMin}万元`,
    };
  }
  if (main >= specialMin && facts.isSpecialActivity) {
    return {
      isInScope: true,
      reason: `主要从事基础软件、工业软件、信息安全等业务且主营业务收入不低于${specialMin}万元`,
    };
  }
  return { isInScope: false, reason: '不满足纳统条件' };
}
