import { getEdition, formsForPeriodType, listCells, type CellDefinition } from '@zhibao/survey';
import { describe, expect, it } from 'vitest';
import { compareCellValues, diffCellValues } from './filing-history.ts';

describe('diffCellValues', () => {
  it('names each changed, added and blanked cell with old → new, and nothing else', () => {
    const before = { monthly: { '2010': 100, '2020': 50, '2112': 12 }, unit: { name: '蓝海' } };
    const after = { monthly: { '2010': 120, '2020': 50, '2030': 7 }, unit: { name: '蓝海' } };
    expect(diffCellValues(before, after)).toEqual([
      { formId: 'monthly', key: '2010', before: 100, after: 120 },
      { formId: 'monthly', key: '2030', before: null, after: 7 },
      { formId: 'monthly', key: '2112', before: 12, after: null },
    ]);
  });

  it('treats a first save as every typed cell going from blank, and blank strings as blank', () => {
    expect(diffCellValues(null, { monthly: { '2010': 5, '2020': '' } })).toEqual([
      { formId: 'monthly', key: '2010', before: null, after: 5 },
    ]);
    expect(diffCellValues({ monthly: { '2010': 5 } }, { monthly: { '2010': 5 } })).toEqual([]);
  });
});

describe('compareCellValues', () => {
  const edition = getEdition();
  const cells = new Map<string, CellDefinition>(
    formsForPeriodType(edition, 'month').flatMap((form) =>
      listCells(form).map((cell): [string, CellDefinition] => [`${cell.formId}.${cell.key}`, cell]),
    ),
  );

  it('lists every cell either version holds, with the indicator name and the difference of the changed ones', () => {
    const compared = compareCellValues(
      cells,
      { monthly: { '2010': 100.1, '2112': 12 } },
      { monthly: { '2010': 100.4, '2112': 12 } },
    );
    expect(compared.map((cell) => [cell.key, cell.isChanged, cell.difference])).toEqual([
      ['2010', true, 0.3],
      ['2112', false, 0],
    ]);
    expect(compared[0]).toMatchObject({ label: '2010', name: '主营业务收入', unit: '万元', before: 100.1 });
  });
});
