import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditFiling, type FilingValues } from '../src/index.ts';
import { edition } from './fixtures.ts';

// A filing whose numbers are built to satisfy every sum relation (合计 = parts, 其中 ≤ parent, the
// cross-table reconciliation, export breakdowns) raises no finding of the sum rule family.

const SUM_RULES = /^(E-SUM|E-PART|E-MON-PART|E-XT-\d+|E-REV-01|W-MAN-01|W-MAN-02)$/;
const amount = fc.integer({ min: 0, max: 1_000_000 }).map((cents) => cents / 100);
const grid = edition.forms.find((form) => form.id === 'revenue-classification')!.grid!;
const leafRows = grid.rows.filter((row) => !grid.rows.some((other) => other.parentRowNo === row.rowNo));

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

const annualFiling: fc.Arbitrary<FilingValues> = fc
  .record({
    leaves: fc.array(fc.tuple(amount, amount, amount), {
      minLength: leafRows.length,
      maxLength: leafRows.length,
    }),
    staff: fc.tuple(fc.nat(500), fc.nat(500), fc.nat(500)),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ leaves, staff, share }) => {
    const cells: Record<string, number> = {};
    const total = (prefix: string, column: string): number =>
      round2(
        leafRows
          .filter((row) => row.rowNo.startsWith(prefix))
          .reduce((sum, row) => sum + (cells[`${row.rowNo}:${column}`] ?? 0), 0),
      );
    leafRows.forEach((row, i) => {
      const [income, export1, export2] = leaves[i]!;
      cells[`${row.rowNo}:income`] = income;
      if (row.columns.includes('export1')) {
        cells[`${row.rowNo}:export1`] = export1;
        cells[`${row.rowNo}:export2`] = export2;
        cells[`${row.rowNo}:export`] = round2(export1 + export2);
      } else {
        cells[`${row.rowNo}:export`] = export1;
      }
    });
    const business: Record<string, number> = {
      A11: total('1.', 'income'),
      A12: total('2.', 'income'),
      A13: total('3.', 'income'),
      A14: total('4.', 'income'),
      A111: cells['1.1:income']!,
      A112: cells['1.4:income']!,
      A121: cells['2.5:income']!,
      A122: cells['2.6:income']!,
      A123: cells['2.7:income']!,
      A124: cells['2.8:income']!,
      A125: cells['2.10:income']!,
      A131: cells['3.3:income']!,
      A61: round2(total('1.', 'export1') + total('2.', 'export1') + total('3.', 'export1')),
      A62: total('4.', 'export'),
      A63: round2(total('1.', 'export2') + total('2.', 'export2') + total('3.', 'export2')),
      D15: staff[0],
      D16: staff[1],
      D17: staff[2],
      D10: staff[0] + staff[1] + staff[2],
      D11: Math.floor((staff[0] + staff[1] + staff[2]) * share),
    };
    return { business, 'revenue-classification': cells };
  });

const monthlyFiling: fc.Arbitrary<FilingValues> = fc
  .record({
    parents: fc.tuple(amount, amount, amount),
    shares: fc.array(fc.double({ min: 0, max: 0.2, noNaN: true }), { minLength: 8, maxLength: 8 }),
  })
  .map(({ parents: [products, services, security], shares }) => {
    const part = (parent: number, i: number): number => Math.floor(parent * shares[i]! * 100) / 100;
    return {
      monthly: {
        '2021': products,
        '20211': part(products, 0),
        '20212': part(products, 1),
        '2022': services,
        '20221': part(services, 2),
        '20222': part(services, 3),
        '20223': part(services, 4),
        '20224': part(services, 5),
        '20225': part(services, 6),
        '2023': security,
        '20231': part(security, 7),
      },
    };
  });

describe('filings that satisfy the sum relations', () => {
  it('raise no sum finding (annual)', () => {
    fc.assert(
      fc.property(annualFiling, (values) => {
        const findings = auditFiling(edition, { periodType: 'year', values }).findings;
        expect(findings.filter((finding) => SUM_RULES.test(finding.ruleId))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('raise no sum finding (monthly)', () => {
    fc.assert(
      fc.property(monthlyFiling, (values) => {
        const findings = auditFiling(edition, { periodType: 'month', values }).findings;
        expect(findings.filter((finding) => SUM_RULES.test(finding.ruleId))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
