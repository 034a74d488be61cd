import { describe, expect, it } from 'vitest';
import { getEdition } from '../definitions/editions.ts';
import { monthlyComparison } from './monthly-comparison.ts';

const edition = getEdition('2021');

describe('monthlyComparison', () => {
  it('fills the context columns and the growth rates', () => {
    const rows = monthlyComparison(edition, {
      values: { monthly: { '2001': '1', '2010': 1200, '2021': 300, '2022': 600, '2090': -5 } },
      previousPeriod: { monthly: { '2010': 1000, '2021': 250, '2022': 500 } },
      samePeriodLastYear: { monthly: { '2010': 800, '2021': 300, '2090': -10 } },
      period: '2024-06',
    });
    expect(rows['2010']).toEqual({
      current: 1200,
      samePeriodLastYear: 800,
      previousPeriod: 1000,
      yearOnYear: 50,
      periodOnPeriod: 20,
    });
    expect(rows['2020']).toEqual({
      current: 900,
      samePeriodLastYear: 300,
      previousPeriod: 750,
      yearOnYear: 200,
      periodOnPeriod: 20,
    });
    expect(rows['2090']).toMatchObject({ yearOnYear: null });
    expect(rows['2001']).toBeUndefined();
  });

  it('has no previous period in January', () => {
    const rows = monthlyComparison(edition, {
      values: { monthly: { '2010': 100 } },
      previousPeriod: { monthly: { '2010': 1000 } },
      period: '2024-01',
    });
    expect(rows['2010']).toEqual({
      current: 100,
      samePeriodLastYear: null,
      previousPeriod: null,
      yearOnYear: null,
      periodOnPeriod: null,
    });
  });
});
