import { describe, expect, it } from 'vitest';
import {
  decideScope,
  SCOPE_THRESHOLDS_2020,
  SCOPE_THRESHOLDS_2021,
  scopeThresholdsForYear,
  type ScopeFacts,
} from './scope-thresholds.ts';
import { getEdition } from './editions.ts';

const facts = (mainRevenue: number | null, softwareRevenue: number | null = null) => ({
  mainRevenue,
  softwareRevenue,
  icDesignRevenue: null,
  isSpecialActivity: false,
});

describe('纳统条件 by notice', () => {
  it('an enterprise of 1500万元 with 40% software is in scope under the 2020 notice, not under the 2021 edition', () => {
    expect(decideScope(facts(1500, 600), SCOPE_THRESHOLDS_2020).isInScope).toBe(true);
    const decision = decideScope(facts(1500, 600), SCOPE_THRESHOLDS_2021);
    expect(decision.isInScope).toBe(false);
    expect(decision.reason).toContain('主营业务收入1500万元');
    expect(decision.reason).toContain('软件业务收入占比40%');
  });

  it('mainly software with 600万元 qualifies by the 2020 notice only', () => {
    expect(decideScope(facts(600, 500), SCOPE_THRESHOLDS_2020).isInScope).toBe(true);
    expect(decideScope(facts(600, 500), SCOPE_THRESHOLDS_2021).isInScope).toBe(false);
  });

  it('decides nothing without 主营业务收入, and says so', () => {
    const decision = decideScope(facts(null), SCOPE_THRESHOLDS_2021);
    expect(decision.isInScope).toBeNull();
    expect(decision.reason).toContain('没有主营业务收入');
  });

  it('the 2021 edition carries its thresholds, and its rule parameters agree with them', () => {
    const edition = getEdition('2021');
    expect(edition.scopeThresholds).toBe(SCOPE_THRESHOLDS_2021);
    expect(edition.parameters.scopeMainRevenueMin).toBe(SCOPE_THRESHOLDS_2021.mainRevenueMin);
    expect(scopeThresholdsForYear(2020).id).toBe('2020');
    expect(scopeThresholdsForYear(2025).id).toBe('2021');
  });
});

describe('纳统 by the 2021 edition', () => {
  const none: ScopeFacts = {
    mainRevenue: null,
    softwareRevenue: null,
    icDesignRevenue: null,
    isSpecialActivity: false,
  };
  const decide = (facts: Partial<ScopeFacts>) => decideScope({ ...none, ...facts }, SCOPE_THRESHOLDS_2021);

  it('takes a software firm of 2000万元 with a 30% software share, not one just below either line', () => {
    expect(decide({ mainRevenue: 2000, softwareRevenue: 600 }).isInScope).toBe(true);
    expect(decide({ mainRevenue: 1999, softwareRevenue: 1999 }).isInScope).toBe(false);
    expect(decide({ mainRevenue: 3000, softwareRevenue: 899 }).isInScope).toBe(false);
  });

  it('takes IC design firms and special-activity firms from 500万元', () => {
    expect(decide({ mainRevenue: 500, icDesignRevenue: 300 }).isInScope).toBe(true);
    expect(decide({ mainRevenue: 500, isSpecialActivity: true }).isInScope).toBe(true);
    expect(decide({ mainRevenue: 499, isSpecialActivity: true }).isInScope).toBe(false);
  });
});
