import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditFiling,
  createIncrementalAuditor,
  createSampleFiling,
  formsForPeriodType,
  listCells,
  type CellDefinition,
  type CellValue,
  type FilingValues,
  type AuditInput,
  type PeriodType,
} from '../src/index.ts';
import { clone, edition, setCell } from './fixtures.ts';

// The browser re-audits only the rules that depend on an edited cell; the server audits the whole
// filing. Both must agree on every filing, after every edit.

function typedCells(periodType: PeriodType): CellDefinition[] {
  return formsForPeriodType(edition, periodType).flatMap((form) =>
    listCells(form).filter((cell) => !cell.isComputed),
  );
}

const TEXT_VALUES = [
  '1',
  '2',
  '7',
  '',
  '91430111MA4L41YT1U',
  '91350203M0001QAY9B',
  '430111',
  '6513',
  '3911',
  'MA4L41YT1',
];

function valueFor(cell: CellDefinition): fc.Arbitrary<CellValue> {
  if (cell.type === 'text' || cell.type === 'code')
    return fc.oneof(fc.constant(null), fc.constantFrom(...TEXT_VALUES));
  return fc.oneof(
    fc.constant(null),
    fc.constant(0),
    fc.integer({ min: -100, max: 20000 }),
    fc.double({ min: -10, max: 50000, noNaN: true }).map((x) => Math.round(x * 100) / 100),
  );
}

function editsFor(periodType: PeriodType): fc.Arbitrary<Array<{ cell: CellDefinition; value: CellValue }>> {
  const cells = typedCells(periodType);
  const edit = fc
    .integer({ min: 0, max: cells.length - 1 })
    .chain((i) => valueFor(cells[i]!).map((value) => ({ cell: cells[i]!, value })));
  return fc.array(edit, { minLength: 1, maxLength: 25 });
}

type Context = Pick<AuditInput, 'previousPeriod' | 'samePeriodLastYear'>;

function checkIdentity(periodType: PeriodType, context: (seed: number) => Context) {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 500 }),
      fc.subarray(['error', 'warning'] as const),
      editsFor(periodType),
      (seed, issues, edits) => {
        const values: FilingValues = clone(
          createSampleFiling(edition, { periodType, seed, monthIndex: 6, withIssues: [...issues] }),
        );
        const input = { ...context(seed), periodType };
        const auditor = createIncrementalAuditor(edition, { ...input, values: clone(values) });
        expect(auditor.findings).toEqual(auditFiling(edition, { ...input, values }).findings);
        for (const { cell, value } of edits) {
          const update = auditor.setCell(cell.formId, cell.key, value);
          setCell(values, cell.formId, cell.key, value);
          const full = auditFiling(edition, { ...input, values });
          expect(update.findings).toEqual(full.findings);
          expect(auditor.values()).toEqual(full.derived);
          expect(update.changedCells[0]).toEqual({ formId: cell.formId, key: cell.key });
        }
      },
    ),
    { numRuns: 150 },
  );
}

describe('incremental and full audits agree', () => {
  it('on annual filings with random edits', () => {
    checkIdentity('year', () => ({}));
  });

  it('on monthly filings with context periods and random edits', () => {
    checkIdentity('month', (seed) => ({
      previousPeriod: createSampleFiling(edition, { periodType: 'month', seed, monthIndex: 5 }),
      samePeriodLastYear: createSampleFiling(edition, {
        periodType: 'month',
        seed,
        monthIndex: 6,
        scale: 0.8,
      }),
    }));
  });

  it('reports the computed cells an edit changes', () => {
    const values = createSampleFiling(edition, { periodType: 'month', seed: 3 });
    const auditor = createIncrementalAuditor(edition, { periodType: 'month', values });
    const update = auditor.setCell('monthly', '2021', Number(values.monthly!['2021']) + 1);
    expect(update.changedCells).toEqual([
      { formId: 'monthly', key: '2021' },
      { formId: 'monthly', key: '2020' },
    ]);
    expect(auditor.getValue('monthly', '2020')).toBeCloseTo(
      Number(auditFiling(edition, { periodType: 'month', values }).derived.monthly!['2020']) + 1,
      6,
    );
  });

  it('refuses to set computed or unknown cells', () => {
    const auditor = createIncrementalAuditor(edition, { periodType: 'year', values: {} });
    expect(() => auditor.setCell('business', 'A10', 1)).toThrow(/自动计算/);
    expect(() => auditor.setCell('business', 'A99', 1)).toThrow(/未知的单元格/);
  });
});
