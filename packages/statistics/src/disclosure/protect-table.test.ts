import fc from 'fast-check';
import loadHighs, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildDisclosureTable,
  cellKey,
  type Contribution,
  type DisclosureTable,
  type TableDimension,
} from './disclosure-table.ts';
import { gaussSecondarySuppression } from './gauss-suppression.ts';
import {
  disclosureRulesOf,
  findPrimaryCells,
  primaryReasons,
  type DisclosureRules,
} from './primary-rules.ts';
import { auditSuppression } from './protection-audit.ts';
import { protectTable } from './protect-table.ts';

const RULES: DisclosureRules = {
  minContributors: 3,
  dominanceN: 2,
  dominanceK: 85,
  pPercent: 10,
  protectionPercent: 10,
};

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const flat = (name: string, leaves: string[]): TableDimension => ({
  name,
  codes: [{ code: 'T', parent: null }, ...leaves.map((code) => ({ code, parent: 'T' }))],
});

/** Each inner cell of a rows × columns table from its contributions. */
function grid(values: Record<string, number[]>): Contribution[] {
  return Object.entries(values).flatMap(([key, contributions]) =>
    contributions.map((value, i) => ({
      coordinates: key.split(''),
      contributor: `${key}-${i}`,
      value,
    })),
  );
}

const keysOf = (table: DisclosureTable, cells: Iterable<number>): string[] =>
  [...cells].map((index) => cellKey(table.cells[index]!).replace('|', '')).sort();

const three = (total: number): number[] => [total / 3, total / 3, total / 3];

describe('primary rules', () => {
  it("reads the rules from a survey edition's parameters", () => {
    const parameters = {
      disclosureMinContributors: 3,
      disclosureDominanceN: 2,
      disclosureDominanceK: 85,
      disclosurePPercent: 10,
      disclosureProtectionPercent: 10,
    };
    expect(disclosureRulesOf(parameters)).toEqual(RULES);
    expect(() => disclosureRulesOf({})).toThrow('disclosureMinContributors');
  });

  const cellOf = (contributions: number[]) =>
    buildDisclosureTable(
      [flat('r', ['A'])],
      contributions.map((value, i) => ({ coordinates: ['A'], contributor: `e${i}`, value })),
    ).cells[1]!;

  it('names each rule a cell breaks', () => {
    expect(primaryReasons(cellOf([10, 10]), RULES)).toEqual(['frequency', 'dominance', 'p-percent']);
    // three respondents, the two largest 90% of the cell: (2,85) dominance, and 10 ≥ 10% of 60 passes p%
    expect(primaryReasons(cellOf([60, 30, 10]), RULES)).toEqual(['dominance']);
    // the rest (4) is less than 10% of the largest (50): the second could estimate the first within 10%
    expect(primaryReasons(cellOf([50, 46, 2, 2]), RULES)).toEqual(['dominance', 'p-percent']);
    expect(primaryReasons(cellOf([96, 2, 1, 1]), { ...RULES, dominanceK: 99 })).toEqual(['p-percent']);
    expect(primaryReasons(cellOf([30, 30, 20, 20]), RULES)).toEqual([]);
    expect(primaryReasons(cellOf([]), RULES)).toEqual([]);
  });

  it('counts a respondent of several leaves once, with its summed value', () => {
    const indicator: TableDimension = {
      name: 'indicator',
      codes: [
        { code: 'revenue', parent: null },
        { code: 'products', parent: 'revenue' },
        { code: 'services', parent: 'revenue' },
      ],
    };
    const table = buildDisclosureTable(
      [indicator],
      [
        { coordinates: ['products'], contributor: 'a', value: 5 },
        { coordinates: ['services'], contributor: 'a', value: 5 },
        { coordinates: ['services'], contributor: 'b', value: 3 },
      ],
    );
    expect(table.cells[0]).toMatchObject({ value: 13, contributorCount: 2, largest: [10, 3] });
  });
});

describe('secondary suppression by Gaussian elimination', () => {
  // A, B, C × X, Y, Z; AX has one respondent. The margins and then the smallest cells are published first
  // (BX 30, AY 40, BY 50 …), so the pattern that hides AX is the rectangle AX, AZ, CX, CZ (worked out by hand:
  // after BX, AY and BY the only freedom left is that rectangle, so AZ, CX and CZ must stay hidden while BZ and
  // CY, already implied, are published).
  const table = buildDisclosureTable(
    [flat('row', ['A', 'B', 'C']), flat('column', ['X', 'Y', 'Z'])],
    grid({
      AX: [5],
      AY: three(40),
      AZ: three(60),
      BX: three(30),
      BY: three(50),
      BZ: three(70),
      CX: three(80),
      CY: three(90),
      CZ: three(100),
    }),
  );

  it('finds the known pattern and an audit interval wide enough', () => {
    const result = protectTable(highs, table, RULES);
    expect(keysOf(table, result.reasons.keys())).toEqual(['AX', 'AZ', 'CX', 'CZ']);
    expect(result.reasons.get(table.cells.find((cell) => cellKey(cell) === 'A|X')!.index)).toEqual([
      'frequency',
      'dominance',
      'p-percent',
    ]);
    const ax = result.intervals.find((interval) => cellKey(table.cells[interval.cell]!) === 'A|X')!;
    // AX can move by t with AZ and CX down and CZ up: t ∈ [−5, 60]
    expect([ax.lower, ax.upper]).toEqual([0, 65]);
    expect(result.isProtected).toBe(true);
  });

  it('without the secondary cells the audit finds AX exactly', () => {
    const primary = new Set(findPrimaryCells(table, RULES).keys());
    const [interval] = auditSuppression(highs, table, primary, () => 0.5);
    expect(interval).toMatchObject({ lower: 5, upper: 5, isProtected: false });
  });

  it('protects a primary margin: a row total with one respondent hides its cells too', () => {
    const single = buildDisclosureTable(
      [flat('row', ['A', 'B', 'C']), flat('column', ['X', 'Y'])],
      grid({
        AX: [7],
        AY: [3].map((value) => value),
        BX: three(30),
        BY: three(60),
        CX: three(90),
        CY: three(120),
      }).map((contribution) =>
        contribution.coordinates[0] === 'A' ? { ...contribution, contributor: 'only' } : contribution,
      ),
    );
    const result = protectTable(highs, single, RULES);
    const suppressed = keysOf(single, result.reasons.keys());
    expect(suppressed).toEqual(expect.arrayContaining(['AT', 'AX', 'AY']));
    expect(result.isProtected).toBe(true);
  });
});

describe('a table with nothing sensitive', () => {
  it('publishes every cell, with nothing to audit', () => {
    const empty = buildDisclosureTable([flat('row', ['A', 'B']), flat('column', ['X'])], []);
    expect(protectTable(highs, empty, RULES)).toMatchObject({ intervals: [], isProtected: true });
    expect(protectTable(highs, empty, RULES).reasons.size).toBe(0);
  });
});

describe('the LP widening where Gaussian elimination is not enough', () => {
  // AX (dominated, 100) is hidden with small partners: by Gaussian elimination alone its upper reach is the
  // smallest partner's value, far below 10% of 100; the single-cell protection LP suppresses more.
  const table = buildDisclosureTable(
    [flat('row', ['A', 'B', 'C']), flat('column', ['X', 'Y', 'Z'])],
    grid({
      AX: [95, 3, 2],
      AY: three(1.5),
      AZ: three(600),
      BX: three(0.9),
      BY: three(3),
      BZ: three(700),
      CX: three(800),
      CY: three(900),
      CZ: three(1000),
    }),
  );

  it('Gaussian elimination leaves AX under-protected; protectTable does not', () => {
    const primaryMap = findPrimaryCells(table, RULES);
    const primary = new Set(primaryMap.keys());
    const order = table.cells
      .filter((cell) => !primary.has(cell.index))
      .sort((a, b) => b.inner.length - a.inner.length || b.magnitude - a.magnitude)
      .map((cell) => cell.index);
    const gauss = gaussSecondarySuppression(table, primary, order);
    const ax = table.cells.find((cell) => cellKey(cell) === 'A|X')!.index;
    const [before] = auditSuppression(highs, table, new Set([...primary, ...gauss]), () => 10, [ax]);
    expect(before!.isProtected).toBe(false);
    const result = protectTable(highs, table, RULES);
    expect(result.isProtected).toBe(true);
    const after = result.intervals.find((interval) => interval.cell === ax)!;
    expect(after.upper - after.value).toBeGreaterThanOrEqual(10);
    expect(after.value - after.lower).toBeGreaterThanOrEqual(10);
  });
});

describe('publishing again the secondary cells no protection needs', () => {
  // A 5 × 5 table whose primary cells are single respondents (AW, DW, EY, EZ) and dominated cells: Gaussian
  // elimination and the LP widening hide 16 cells in all; CX (239) is one no primary cell needs — in the
  // least-change table that moves each primary cell by its protection, CX keeps its value — and is published.
  const cells: Record<string, number[]> = {
    AV: [64, 54, 10],
    AW: [79],
    AX: [30, 40, 76],
    AY: [89, 71, 25],
    AZ: [13, 95, 78],
    BV: [14, 95, 23],
    BW: [8, 50, 104],
    BX: [22, 37, 20],
    BY: [46, 55, 86],
    BZ: [45, 103, 76],
    CV: [55, 103, 7],
    CW: [68, 9, 63],
    CX: [84, 88, 67],
    CY: [48, 65, 103],
    CZ: [74, 8, 11],
    DV: [94, 57, 45],
    DW: [19],
    DX: [10, 33, 19],
    DY: [65, 61, 53],
    DZ: [87, 10, 101],
    EV: [81, 37, 50],
    EW: [90, 59, 81],
    EX: [15, 103, 51],
    EY: [84],
    EZ: [85],
  };
  const table = buildDisclosureTable(
    [flat('row', ['A', 'B', 'C', 'D', 'E']), flat('column', ['V', 'W', 'X', 'Y', 'Z'])],
    grid(cells),
  );

  it('hides fewer cells than Gaussian elimination and the widening alone, and still passes the audit', () => {
    const before = protectTable(highs, table, RULES, { releasesUnneeded: false });
    const after = protectTable(highs, table, RULES);
    const hiddenBefore = keysOf(table, before.reasons.keys());
    const hiddenAfter = keysOf(table, after.reasons.keys());
    expect(hiddenBefore).toContain('CX');
    expect(hiddenAfter).toEqual(hiddenBefore.filter((key) => key !== 'CX'));
    expect(before.isProtected).toBe(true);
    expect(after.isProtected).toBe(true);
    // The primary cells are the same and keep their reasons; only a secondary cell was published.
    for (const [index, reasons] of before.reasons)
      if (reasons[0] !== 'secondary') expect(after.reasons.get(index)).toEqual(reasons);
  });
});

describe('random hierarchical tables', () => {
  // Two or three dimensions, each a total over groups over leaves; respondents of few or many per cell,
  // some dominated; the attacker's LP never finds a primary cell narrower than required.
  const dimensionArb = fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 2 });
  const tableArb = fc
    .record({
      dimensions: fc.oneof(
        fc.array(dimensionArb, { minLength: 2, maxLength: 2 }),
        fc.array(fc.constant<number[]>([1]), { minLength: 3, maxLength: 3 }),
      ),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
      withLosses: fc.boolean(),
    })
    .map(({ dimensions, seed, withLosses }) => {
      let state = seed;
      const random = (): number => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return state / 2 ** 31;
      };
      const dims: TableDimension[] = dimensions.map((groups, d) => ({
        name: `d${d}`,
        codes: [
          { code: 'T', parent: null },
          ...groups.flatMap((leaves, g) => [
            { code: `G${g}`, parent: 'T' },
            ...Array.from({ length: leaves + 1 }, (_, l) => ({ code: `G${g}L${l}`, parent: `G${g}` })),
          ]),
        ],
      }));
      const leaves = dims.map((dim) =>
        dim.codes.filter((code) => code.code.includes('L')).map((code) => code.code),
      );
      const contributions: Contribution[] = [];
      let respondent = 0;
      const combine = (d: number, prefix: string[]): void => {
        if (d === leaves.length) {
          const count = Math.floor(random() * 5);
          for (let i = 0; i < count; i++) {
            const size = random() < 0.2 ? 1000 : 10;
            const value = Math.round(size * random() * 100) / 100 + 0.01;
            contributions.push({
              coordinates: prefix,
              contributor: `e${respondent++}`,
              value: withLosses && random() < 0.2 ? -value : value,
            });
          }
          return;
        }
        for (const leaf of leaves[d] ?? []) combine(d + 1, [...prefix, leaf]);
      };
      combine(0, []);
      return buildDisclosureTable(dims, contributions);
    });

  it('the LP audit never finds a suppressed primary cell narrower than required', () => {
    fc.assert(
      fc.property(tableArb, (table) => {
        const result = protectTable(highs, table, RULES);
        const primary = findPrimaryCells(table, RULES);
        for (const index of primary.keys()) expect(result.reasons.has(index)).toBe(true);
        for (const interval of result.intervals)
          if (primary.has(interval.cell)) {
            expect(interval.isProtected).toBe(true);
            expect(interval.upper - interval.lower).toBeGreaterThan(0);
          }
        expect(result.isProtected).toBe(true);
        // Publishing the unneeded cells again never hides more than Gaussian elimination and the widening.
        const unreleased = protectTable(highs, table, RULES, { releasesUnneeded: false });
        expect(result.reasons.size).toBeLessThanOrEqual(unreleased.reasons.size);
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
