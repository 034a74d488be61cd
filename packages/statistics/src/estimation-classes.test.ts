import { describe, expect, it } from 'vitest';
import { assignEstimationClasses, distinctClasses, type ClassableUnit } from './estimation-classes.ts';

function units(industryCode: string, regionCode: string, count: number, prefix: string): ClassableUnit[] {
  return Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}`, industryCode, regionCode }));
}

describe('assignEstimationClasses', () => {
  it('keeps an industry × province class that has enough units', () => {
    const assignment = assignEstimationClasses(units('6511', '440305', 5, 'a'), { minUnits: 5 });
    expect(assignment.get('a0')).toMatchObject({ key: '6511|44', level: 0, isBelowMinimum: false });
    expect(assignment.get('a0')?.memberIds).toHaveLength(5);
  });

  it('pools a small class into its two-digit industry in the province, siblings included', () => {
    const all = [...units('6511', '440305', 5, 'big'), ...units('6512', '440106', 2, 'small')];
    const assignment = assignEstimationClasses(all, { minUnits: 5 });
    expect(assignment.get('big0')?.key).toBe('6511|44');
    const pooled = assignment.get('small0');
    expect(pooled).toMatchObject({ key: '65|44', industry: '65', province: '44', level: 1 });
    expect(pooled?.memberIds).toHaveLength(7);
  });

  it('pools further to all industries of the province, then to the nation', () => {
    const all = [
      ...units('6511', '440305', 2, 'sz'),
      ...units('6421', '440305', 2, 'web'),
      ...units('6511', '500112', 1, 'cq'),
    ];
    const assignment = assignEstimationClasses(all, { minUnits: 4 });
    expect(assignment.get('sz0')?.key).toBe('*|44');
    expect(assignment.get('web1')?.key).toBe('*|44');
    expect(assignment.get('cq0')).toMatchObject({ key: '*|*', level: 3, isBelowMinimum: false });
    expect(assignment.get('cq0')?.memberIds).toHaveLength(5);
  });

  it('ends on the last rung, marked below the minimum, when even the nation is too small', () => {
    const assignment = assignEstimationClasses(units('6511', '440305', 2, 'a'), { minUnits: 3 });
    expect(assignment.get('a0')).toMatchObject({ key: '*|*', isBelowMinimum: true });
  });

  it('follows a ladder given by the caller', () => {
    const all = [...units('6511', '440305', 2, 'gd'), ...units('6511', '500112', 2, 'cq')];
    const assignment = assignEstimationClasses(all, {
      minUnits: 4,
      ladder: [
        { industryDigits: 4, area: 'province' },
        { industryDigits: 4, area: 'nation' },
      ],
    });
    expect(assignment.get('gd0')?.key).toBe('6511|*');
  });

  it('lists each class once', () => {
    const all = [...units('6511', '440305', 3, 'a'), ...units('6512', '440305', 3, 'b')];
    const classes = distinctClasses(assignEstimationClasses(all, { minUnits: 3 }));
    expect(classes.map((found) => found.key)).toEqual(['6511|44', '6512|44']);
  });
});
