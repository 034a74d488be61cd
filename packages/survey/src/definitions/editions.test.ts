import { describe, expect, it } from 'vitest';
import { editionForPeriod, formsForPeriodType, getEdition, listEditions } from './editions.ts';
import { listCells } from './form-cells.ts';
import { auditFiling } from '../audit/audit-filing.ts';
import { createSampleFiling } from '../sample/sample-filing.ts';

const edition = getEdition('2021');

describe('edition 2021', () => {
  it('governs the annual reports 2021–2023 and the monthly reports 2022–2024', () => {
    expect(getEdition('2023')).toBe(edition);
    expect(listEditions().map((candidate) => candidate.id)).toEqual(['2021', '2024']);
    expect(editionForPeriod('2021')).toBe(edition);
    expect(editionForPeriod('2023')).toBe(edition);
    expect(editionForPeriod('2022-01')).toBe(edition);
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
      disclosureMinContributors: 3,
      disclosureDominanceN: 2,
      disclosureDominanceK: 85,
      disclosurePPercent: 10,
      disclosureProtectionPercent: 10,
    });
    expect(Object.keys(edition.parameters)).toEqual(
      edition.parameterDefinitions.map((parameter) => parameter.name),
    );
  });
});

describe('edition 2024 (工信厅运行函〔2024〕77号)', () => {
  const edition2024 = getEdition('2024');
  const annual = (seed: number) => createSampleFiling(edition2024, { periodType: 'year', seed });
  const aiFindings = (values: ReturnType<typeof annual>) =>
    auditFiling(edition2024, { periodType: 'year', values }).findings.filter((f) => f.ruleId === 'W-AI-01');

  it('governs the annual reports from 2024 and the periodic reports from 2025, and is the latest', () => {
    expect(getEdition()).toBe(edition2024);
    expect(getEdition('2025')).toBe(edition2024);
    expect(editionForPeriod('2024')).toBe(edition2024);
    expect(editionForPeriod('2026')).toBe(edition2024);
    expect(editionForPeriod('2025-01')).toBe(edition2024);
    expect(editionForPeriod('2026-11')).toBe(edition2024);
    expect(edition2024.basedOn).toBe('2021');
    expect(edition2024.inferredFields).toEqual(['approvalNo', 'coverage.year.to', 'coverage.month.to']);
  });

  it('is 2021 with the AI table scope of the public notices, every inferred item marked', () => {
    const basic = (e: typeof edition) => e.forms.find((form) => form.id === 'basic')!.rows;
    const row = (code: string) => basic(edition2024).find((r) => r.kind === 'indicator' && r.code === code);
    expect(row('B14')).toMatchObject({ name: '是否人工智能企业', inferred: true });
    expect(row('B21')).toMatchObject({ codeList: 'yes-no', inferred: true });
    expect(basic(edition2024).indexOf(row('B21')!)).toBe(basic(edition2024).indexOf(row('B14')!) + 1);
    expect(edition2024.parameters.aiShareMin).toBe(30);
    expect(edition2024.rules.find((rule) => rule.id === 'W-AI-01')).toMatchObject({ inferred: true });
    expect(edition2024.rules.length).toBe(edition.rules.length + 1);
    expect(formsForPeriodType(edition2024, 'month')).toEqual(formsForPeriodType(edition, 'month'));
  });

  it('passes its own sample filings, and warns an AI-table filer below 30% that is not mainly in AI', () => {
    for (let seed = 1; seed <= 12; seed++) {
      expect(
        auditFiling(edition2024, { periodType: 'year', values: annual(seed) }).findings,
        `seed ${seed}`,
      ).toEqual([]);
    }
    let seed = 1;
    while (!annual(seed).ai) seed++;
    const values = annual(seed);
    values.ai = { ...values.ai, E11: 1, E12: 1, E13: 1 };
    expect(aiFindings(values)).toHaveLength(1);
    expect(aiFindings(values)[0]!.message).toMatch(/低于30%,且未填报主要从事人工智能业务/);
    values.basic = { ...values.basic, B21: '1' };
    expect(aiFindings(values)).toEqual([]);
  });
});
