import { getEdition } from '@zhibao/survey';
import { describe, expect, it } from 'vitest';
import { decideScope } from './enterprise-scope.ts';

const parameters = getEdition().parameters;
const facts = { mainRevenue: null, softwareRevenue: null, icDesignRevenue: null, isSpecialActivity: false };

describe('纳统 by the edition scope rules', () => {
  it('takes a software firm of 2000万元 with a 30% software share, not one just below either line', () => {
    expect(decideScope({ ...facts, mainRevenue: 2000, softwareRevenue: 600 }, parameters).isInScope).toBe(
      true,
    );
    expect(decideScope({ ...facts, mainRevenue: 1999, softwareRevenue: 1999 }, parameters).isInScope).toBe(
      false,
    );
    expect(decideScope({ ...facts, mainRevenue: 3000, softwareRevenue: 899 }, parameters).isInScope).toBe(
      false,
    );
  });

  it('takes IC design firms and special-activity firms from 500万元', () => {
    expect(decideScope({ ...facts, mainRevenue: 500, icDesignRevenue: 300 }, parameters).isInScope).toBe(
      true,
    );
    expect(decideScope({ ...facts, mainRevenue: 500, isSpecialActivity: true }, parameters).isInScope).toBe(
      true,
    );
    expect(decideScope({ ...facts, mainRevenue: 499, isSpecialActivity: true }, parameters).isInScope).toBe(
      false,
    );
  });

  it('says why it cannot decide without the main revenue', () => {
    expect(decideScope(facts, parameters)).toEqual({
      isInScope: false,
      reason: '缺少主营业务收入，无法判定是否纳统',
    });
  });
});
