import type { Highs } from 'highs';
import type { DisclosureTable } from './disclosure-table.ts';
import { auditSuppression, lpScale } from './protection-audit.ts';

// Gaussian elimination and the LP widening hide more than needed: a cell hidden early, for a primary cell the
// widening later protects another way, may protect nothing. For each primary cell and direction, a witness: a
// table the attacker cannot tell from the true one (every published cell the same, hidden inner cells ≥ 0 when
// the table has no negative contribution) in which the primary cell is off by its required protection, changing
// the hidden cells as little as possible. A secondary cell that no witness changes can be published again: every
// witness still agrees with it, so every primary cell keeps its protection. Each round is checked by the audit
// and undone if a primary cell came out short (which only numerical trouble could cause).

/** How many times the unneeded cells are looked for again, each time from the new pattern's extreme tables. */
const RELEASE_ROUNDS = 3;

/** Publishes again the secondary cells no primary cell's protection needs; `suppressed` and `secondary` shrink. */
export function releaseUnneededCells(
  highs: Highs,
  table: DisclosureTable,
  state: {
    suppressed: Set<number>;
    secondary: Set<number>;
    primary: ReadonlySet<number>;
    requiredOf: (index: number) => number;
  },
): void {
  const { suppressed, secondary, primary, requiredOf } = state;
  for (let round = 0; round < RELEASE_ROUNDS; round++) {
    const changes = protectionWitnesses(highs, table, suppressed, primary, requiredOf);
    if (changes === null) return;
    const released = [...secondary].filter((index) =>
      changes.every((change) => {
        let sum = 0;
        for (const position of table.cells[index]?.inner ?? []) sum += change.get(position) ?? 0;
        return Math.abs(sum) <= 1e-6;
      }),
    );
    if (released.length === 0) return;
    for (const index of released) suppressed.delete(index);
    const audit = auditSuppression(highs, table, suppressed, requiredOf, primary);
    if (audit.some((interval) => !interval.isProtected)) {
      for (const index of released) suppressed.add(index);
      return;
    }
    for (const index of released) secondary.delete(index);
  }
}

/**
 * For each primary cell and direction, the change of the hidden inner cells (by inner position, in LP units) that
 * moves the primary cell by its required protection and changes the hidden cells least; null when one cannot be
 * found (the audit would have failed).
 */
function protectionWitnesses(
  highs: Highs,
  table: DisclosureTable,
  suppressed: ReadonlySet<number>,
  primary: ReadonlySet<number>,
  requiredOf: (index: number) => number,
): Array<Map<number, number>> | null {
  const hidden: number[] = [];
  const variableOf = new Map<number, number>();
  table.innerCells.forEach((cell, position) => {
    if (!suppressed.has(cell)) return;
    variableOf.set(position, hidden.length);
    hidden.push(position);
  });
  if (hidden.length === 0) return [];
  const scale = lpScale(table);
  // Column 2v is the increase of hidden cell v, 2v+1 its decrease (at most its value when values are ≥ 0).
  const numCols = 2 * hidden.length;
  const colUpper = new Float64Array(numCols).fill(highs.infinity);
  if (table.isNonNegative)
    hidden.forEach((position, variable) => {
      colUpper[2 * variable + 1] = Math.max(
        0,
        (table.cells[table.innerCells[position]!]?.value ?? 0) / scale,
      );
    });
  // A published cell does not change: the changes of its hidden inner cells add up to nothing.
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const cell of table.cells) {
    if (suppressed.has(cell.index)) continue;
    const before = indices.length;
    for (const position of cell.inner) {
      const variable = variableOf.get(position);
      if (variable === undefined) continue;
      indices.push(2 * variable, 2 * variable + 1);
      values.push(1, -1);
    }
    if (indices.length > before) starts.push(indices.length);
  }
  // The last row, empty here, is the primary cell's change: filled in for each primary cell in turn.
  starts.push(indices.length);
  const numRows = starts.length - 1;
  const movedRow = numRows - 1;
  const zeros = new Float64Array(numRows);
  const model = highs.createModel({
    numCols,
    numRows,
    colCost: new Float64Array(numCols).fill(1),
    colLower: new Float64Array(numCols),
    colUpper,
    rowLower: zeros,
    rowUpper: zeros,
    matrix: { format: 'csr', numRows, numCols, starts, indices, values },
  });
  const changes: Array<Map<number, number>> = [];
  try {
    model.options.set({ output_flag: false, presolve: 'off' });
    model.changeObjectiveSense(highs.constants.objectiveSense.minimize);
    for (const index of primary) {
      const required = requiredOf(index) / scale;
      if (required <= 0) continue;
      const own = (table.cells[index]?.inner ?? [])
        .map((position) => variableOf.get(position))
        .filter((variable) => variable !== undefined);
      for (const variable of own) {
        model.changeCoefficient(movedRow, 2 * variable, 1);
        model.changeCoefficient(movedRow, 2 * variable + 1, -1);
      }
      try {
        for (const direction of [1, -1]) {
          model.changeRowBounds(movedRow, direction * required, direction * required);
          model.run();
          if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return null;
          const { colValue } = model.getSolution();
          const change = new Map<number, number>();
          hidden.forEach((position, variable) => {
            const shift = (colValue[2 * variable] ?? 0) - (colValue[2 * variable + 1] ?? 0);
            if (Math.abs(shift) > 1e-9) change.set(position, shift);
          });
          changes.push(change);
        }
      } finally {
        for (const variable of own) {
          model.changeCoefficient(movedRow, 2 * variable, 0);
          model.changeCoefficient(movedRow, 2 * variable + 1, 0);
        }
        model.changeRowBounds(movedRow, 0, 0);
      }
    }
  } finally {
    model.dispose();
  }
  return changes;
}
