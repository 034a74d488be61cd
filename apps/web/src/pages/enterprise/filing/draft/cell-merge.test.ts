import { describe, expect, it } from 'vitest';
import { changedCells, mergeCells } from './cell-merge';

describe('merging two versions of a filing cell by cell', () => {
  const base = { monthly: { '2010': 1000, '2080': 1600 } };

  it('lists the cells that differ, blank cells included', () => {
    expect(changedCells(base, { monthly: { '2010': 1000, '2021': 5 } })).toEqual([
      { formId: 'monthly', key: '2080' },
      { formId: 'monthly', key: '2021' },
    ]);
  });

  it('takes theirs where only they changed, keeps mine where only I did, and agrees where both agree', () => {
    const merged = mergeCells(
      base,
      { monthly: { '2010': 1200, '2080': 1600, '2021': 7 } },
      { monthly: { '2010': 1000, '2080': 1650, '2021': 7 } },
    );
    expect(merged.merged).toEqual({ monthly: { '2010': 1200, '2080': 1650, '2021': 7 } });
    expect(merged.takenFromTheirs).toEqual([{ formId: 'monthly', key: '2080' }]);
    expect(merged.conflicts).toEqual([]);
  });

  it('reports a cell both changed differently as a conflict and keeps mine there until chosen', () => {
    const merged = mergeCells(
      base,
      { monthly: { '2010': 1200, '2080': 1600 } },
      { monthly: { '2080': 1600 } },
    );
    expect(merged.conflicts).toEqual([
      { formId: 'monthly', key: '2010', base: 1000, mine: 1200, theirs: null },
    ]);
    expect(merged.merged.monthly?.['2010']).toBe(1200);
  });
});
