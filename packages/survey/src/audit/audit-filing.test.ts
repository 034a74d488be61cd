import { describe, expect, it } from 'vitest';
import { editingMethods } from '../definitions/editing-methods.ts';
import { getEdition } from '../definitions/editions.ts';
import type { CellRef, CellValue, FilingValues } from '../definitions/survey.types.ts';
import { createSampleFiling } from '../sample/sample-filing.ts';
import { auditFiling, compileCellDerivation, deriveCellValues, deriveComputedCells } from './audit-filing.ts';

const edition = getEdition('2021');

describe('auditFiling', () => {
  it('derives computed cells and ignores values typed into them', () => {
    const derived = deriveComputedCells(edition, 'month', {
      monthly: { '2021': 10, '2022': 20.5, '2023': 0, '20241': 100, '2020': 999, '2041': null },
    });
    expect(derived.monthly).toMatchObject({
      '2020': 55.5,
      '2024': 25,
      '2040': null,
      '2042': null,
      '2041': null,
    });
    expect(Object.keys(derived)).toEqual(['monthly']);
  });

  it('gives the asked cells as deriveComputedCells has them, in order, null for blank or unknown cells', () => {
    for (const seed of [1, 2, 3]) {
      const values = createSampleFiling(edition, { periodType: 'year', seed });
      const derived = deriveComputedCells(edition, 'year', values);
      const cells: CellRef[] = [
        { formId: 'business', key: 'A10' },
        { formId: 'revenue-classification', key: 'total:income' },
        { formId: 'basic', key: 'B16' },
        { formId: 'finance', key: 'no-such-cell' },
      ];
      expect(deriveCellValues(edition, 'year', values, cells)).toEqual([
        derived.business!.A10,
        derived['revenue-classification']!['total:income'],
        derived.basic!.B16,
        null,
      ]);
    }
    // A monthly 合计 from its parts, even when a previous call left other values in the shared frame.
    expect(
      deriveCellValues(edition, 'month', { monthly: { '2021': 10, '2022': 20.5 } }, [
        { formId: 'monthly', key: '2020' },
        { formId: 'monthly', key: '2040' },
      ]),
    ).toEqual([30.5, null]);
  });

  it('derives grid totals and the enterprise size across tables', () => {
    const derived = deriveComputedCells(edition, 'year', {
      basic: {},
      business: { D10: 120 },
      finance: { F30: 15000 },
      'revenue-classification': { '1.1:income': 5, '1.3:income': 7, '2.10:income': 1, '1.3:export1': 2 },
    });
    expect(derived['revenue-classification']).toMatchObject({
      '1:income': 12,
      '2:income': 1,
      'total:income': 13,
      'total:export1': 2,
      '4:income': null,
    });
    expect(derived.basic!.B16).toBe('2');
  });

  it('audits the AI table only for enterprises with AI business', () => {
    const values = createSampleFiling(edition, { periodType: 'year', seed: 2 });
    delete values.ai;
    values.basic!.B14 = '2';
    expect(auditFiling(edition, { periodType: 'year', values }).findings).toEqual([]);
    values.basic!.B14 = '1';
    const findings = auditFiling(edition, { periodType: 'year', values }).findings;
    expect(
      findings
        .filter((finding) => finding.cells.some((cell) => cell.formId === 'ai'))
        .map((finding) => finding.cells[0]!.key),
    ).toEqual(['E11', 'E12', 'E13', 'E40', 'E50']);
  });

  it('ignores the previous period of a January filing', () => {
    const values = createSampleFiling(edition, { periodType: 'month', seed: 4, monthIndex: 1 });
    const previousPeriod = createSampleFiling(edition, { periodType: 'month', seed: 4, monthIndex: 12 });
    expect(
      auditFiling(edition, { periodType: 'month', values, previousPeriod }).findings.some(
        (finding) => finding.ruleId === 'E-MON-CUM',
      ),
    ).toBe(true);
    expect(
      auditFiling(edition, { periodType: 'month', values, previousPeriod, period: '2024-01' }).findings,
    ).toEqual([]);
  });

  it('fills messages with the values that failed', () => {
    const values = createSampleFiling(edition, { periodType: 'month', seed: 4 });
    values.monthly!['2080'] = -3.5;
    const [finding] = auditFiling(edition, { periodType: 'month', values }).findings;
    expect(finding).toEqual({
      ruleId: 'E-MON-NEG',
      severity: 'error',
      message: '软件和信息技术服务业企业月报表: 费用总额(2080)不能为负数,当前为-3.5',
      cells: [{ formId: 'monthly', key: '2080' }],
    });
  });
});

describe('compileCellDerivation', () => {
  const asDerived = (values: ReturnType<typeof deriveCellValues>) =>
    values.map((value) => (typeof value === 'number' ? value : NaN));

  it('reads only the typed cells the asked cells come from', () => {
    const derivation = compileCellDerivation(edition, 'month', [
      { formId: 'monthly', key: '2010' },
      { formId: 'monthly', key: '2020' },
      { formId: 'monthly', key: '2040' },
    ]);
    expect(derivation.inputs.map((cell) => cell.key).sort()).toEqual(
      ['2010', '2021', '2022', '2023', '20241', '2041', '20421', '2043'].sort(),
    );
  });

  it('gives what deriveCellValues gives, blanks, text and earlier filings included', () => {
    for (const periodType of ['month', 'year'] as const) {
      const cells: CellRef[] = editingMethods(edition, periodType).keyIndicators.concat([
        { formId: 'finance', key: 'no-such-cell' },
      ]);
      const derivation = compileCellDerivation(edition, periodType, cells);
      const derived = new Float64Array(cells.length);
      const filings = [1, 2, 3, 4, 5].map((seed) => createSampleFiling(edition, { periodType, seed }));
      // Blanks, numbers typed as text, text that is no number, and a filing with none of the inputs.
      const typedAs = (first: CellValue, second: CellValue): FilingValues => {
        const values: FilingValues = {};
        for (const [index, cell] of derivation.inputs.slice(0, 2).entries())
          (values[cell.formId] ??= {})[cell.key] = index === 0 ? first : second;
        return values;
      };
      filings.push(typedAs(null, ' 12.5 '), typedAs('abc', ''), {});
      for (const values of filings) {
        derivation.derive(
          derivation.inputs.map((cell) => values[cell.formId]?.[cell.key]),
          derived,
        );
        expect([...derived]).toEqual(asDerived(deriveCellValues(edition, periodType, values, cells)));
      }
    }
  });

  it('refuses a cell that holds text', () => {
    expect(() => compileCellDerivation(edition, 'year', [{ formId: 'basic', key: 'B16' }])).toThrow(
      /basic.B16/,
    );
  });
});
