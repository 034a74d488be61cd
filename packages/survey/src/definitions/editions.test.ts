import { describe, expect, it } from 'vitest';
import { editionForPeriod, formsForPeriodType, getEdition, listEditions } from './editions.ts';
import { listCells } from './form-cells.ts';

const edition = getEdition('2021');

describe('edition 2021', () => {
  it('is the latest edition and serves later years by alias', () => {
    expect(getEdition()).toBe(edition);
    expect(getEdition('2024')).toBe(edition);
    expect(listEditions()).toEqual([edition]);
    expect(editionForPeriod('2023')).toBe(edition);
    expect(editionForPeriod('2024-05')).toBe(edition);
    expect(edition.approvalNo).toBe('国统制〔2021〕136号');
    expect(() => getEdition('1999')).toThrow(/未知的调查制度版本/);
  });

  it('has the five annual tables and the monthly form in official order', () => {
    expect(formsForPeriodType(edition, 'year').map((form) => [form.id, form.tableNo, form.name])).toEqual([
      ['basic', '软统企1表', '企业基本情况表'],
      ['finance', '软统企2表', '企业主要财务指标表'],
      ['business', '软统企3表', '企业主要业务指标表'],
      ['revenue-classification', '软统企4表', '软件业务收入分类表'],
      ['ai', '软统企5表', '人工智能企业业务指标表'],
    ]);
    expect(formsForPeriodType(edition, 'month').map((form) => form.tableNo)).toEqual(['软统企6表']);
  });

  it('keeps the monthly codes, names and units of the reference', () => {
    const monthly = formsForPeriodType(edition, 'month')[0]!;
    const rows = monthly.rows.flatMap((row) => (row.kind === 'indicator' ? [[row.code, row.unit]] : []));
    const sourced = [
      '2010',
      '2020',
      '2021',
      '20211',
      '20212',
      '2022',
      '20221',
      '20222',
      '20223',
      '20224',
      '20225',
      '2023',
      '20231',
      '2024',
      '2041',
      '20421',
      '2042',
      '2043',
      '2050',
      '2051',
      '2080',
      '2090',
      '2110',
      '2111',
      '2112',
      '2113',
    ];
    expect(rows.map(([code]) => code)).toEqual(expect.arrayContaining(sourced));
    expect(Object.fromEntries(rows)).toMatchObject({
      '2041': '万美元',
      '2043': '万美元',
      '2112': '人',
      '2113': '%',
      '2090': '万元',
    });
    expect(monthly.columns.map((column) => column.name)).toEqual([
      '本年本期累计',
      '去年同期累计',
      '本年上期累计',
      '同比(%)',
      '环比(%)',
    ]);
    expect(monthly.columns.filter((column) => column.source === 'typed').map((column) => column.id)).toEqual([
      'current',
    ]);
  });

  it('keeps the codes the ministry manual quotes', () => {
    const business = listCells(edition.forms.find((form) => form.id === 'business')!);
    const names = Object.fromEntries(business.map((cell) => [cell.key, cell.name]));
    expect(names).toMatchObject({
      A61: '软件外包服务出口',
      A63: '其它软件业务出口',
      D15: '硕士及以上',
      D16: '大专及大本',
    });
    const grid = edition.forms.find((form) => form.id === 'revenue-classification')!.grid!;
    expect(grid.rows.find((row) => row.rowNo === '1.3')?.name).toBe('平台软件');
    expect(grid.columns.map((column) => column.shortName)).toEqual([
      '本年收入',
      '本年出口',
      '出口1',
      '出口2',
    ]);
  });

  it('describes every indicator fully and consistently', () => {
    for (const form of edition.forms) {
      const cells = listCells(form);
      const keys = new Set(cells.map((cell) => cell.key));
      expect(keys.size, form.id).toBe(cells.length);
      for (const cell of cells) {
        const where = `${form.id}!${cell.key}`;
        expect(cell.name, where).not.toBe('');
        if (cell.parentKey !== undefined) expect(keys.has(cell.parentKey), where).toBe(true);
        expect(cell.isComputed, where).toBe(cell.formula !== undefined);
        if (cell.type === 'code' && cell.validator === undefined) {
          expect(
            edition.codeLists.some((list) => list.id === cell.codeList),
            where,
          ).toBe(true);
        }
        if (cell.type === 'amount' || cell.type === 'count') expect(cell.unit, where).not.toBeNull();
      }
      for (const row of form.rows)
        if (row.kind === 'indicator')
          expect(row.definition.length, `${form.id}!${row.code}`).toBeGreaterThan(4);
      for (const row of form.grid?.rows ?? []) expect(row.definition.length).toBeGreaterThan(4);
    }
  });

  it('names each parameter it uses, with a description', () => {
    expect(edition.parameters).toMatchObject({
      nationalAverageProfitRate: 15.8,
      softwareShareMin: 30,
      scopeMainRevenueMin: 2000,
    });
    expect(Object.keys(edition.parameters)).toEqual(
      edition.parameterDefinitions.map((parameter) => parameter.name),
    );
  });
});
