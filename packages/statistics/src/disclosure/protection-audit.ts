import type { Highs } from 'highs';
import type { DisclosureTable } from './disclosure-table.ts';

// The attacker's audit (Hundepool et al. 2012 §4.3; ABS, June 2025): the hidden inner cells are unknowns, every
// published cell an equation over them, each unknown ≥ 0 when the table has no negative contribution. For each
// suppressed cell two linear programs (HiGHS) give the smallest and largest value it can take; the cell is
// protected when that interval reaches the required distance below and above its true value.

export interface SuppressedInterval {
  cell: number;
  value: number;
  lower: number;
  upper: number;
  /** Distance the interval must reach on each side of the value (0 for a secondary cell). */
  required: number;
  isProtected: boolean;
}

const TOLERANCE = 1e-6;

/** The unit of the LPs: the largest inner cell is at most 1000 of them. */
export function lpScale(table: DisclosureTable): number {
  let largest = 0;
  for (const cell of table.innerCells) largest = Math.max(largest, table.cells[cell]?.magnitude ?? 0);
  return Math.max(1, largest / 1000);
}

/** The interval an attacker can infer for each suppressed cell from the published ones, by linear programming. */
export function auditSuppression(
  highs: Highs,
  table: DisclosureTable,
  suppressed: ReadonlySet<number>,
  requiredOf: (cell: number) => number,
  cellsToAudit: Iterable<number> = suppressed,
): SuppressedInterval[] {
  const variableOf = new Map<number, number>();
  table.innerCells.forEach((cell, position) => {
    if (suppressed.has(cell)) variableOf.set(position, variableOf.size);
  });
  // The LP works in units of `scale`, so that a national table (10⁹ 万元) sits within HiGHS's tolerances.
  const scale = lpScale(table);
  const innerValue = (position: number): number =>
    (table.cells[table.innerCells[position] ?? -1]?.value ?? 0) / scale;

  const starts = [0];
  const indices: number[] = [];
  const rhs: number[] = [];
  for (const cell of table.cells) {
    if (suppressed.has(cell.index)) continue;
    // The published value less its published inner cells, summed from the hidden inner cells themselves so
    // that the equations hold exactly for the true table (no rounding makes them infeasible).
    let known = 0;
    let terms = 0;
    for (const position of cell.inner) {
      const variable = variableOf.get(position);
      if (variable === undefined) continue;
      known += innerValue(position);
      indices.push(variable);
      terms++;
    }
    if (terms === 0) continue;
    rhs.push(known);
    starts.push(indices.length);
  }

  const numCols = variableOf.size;
  const results: SuppressedInterval[] = [];
  const model = highs.createModel({
    numCols,
    numRows: rhs.length,
    colCost: new Float64Array(numCols),
    colLower: new Float64Array(numCols).fill(table.isNonNegative ? 0 : -highs.infinity),
    colUpper: new Float64Array(numCols).fill(highs.infinity),
    rowLower: rhs,
    rowUpper: rhs,
    matrix: {
      format: 'csr',
      numRows: rhs.length,
      numCols,
      starts,
      indices,
      values: new Float64Array(indices.length).fill(1),
    },
  });
  try {
    // Without presolve each solve starts from the previous basis: only the objective changes between them.
    model.options.set({ output_flag: false, presolve: 'off' });
    const { minimize, maximize } = highs.constants.objectiveSense;
    const extreme = (sense: typeof minimize, infinite: number): number => {
      model.changeObjectiveSense(sense);
      model.run();
      const status = model.getModelStatus();
      if (status === highs.constants.modelStatus.optimal) return model.getObjectiveValue();
      const { unbounded, unboundedOrInfeasible } = highs.constants.modelStatus;
      // The published figures are consistent (the true table satisfies them), so "unbounded or infeasible" is unbounded.
      if (status === unbounded || status === unboundedOrInfeasible) return infinite;
      throw new Error(`保护审计的线性规划未能求解(状态 ${status})`);
    };
    for (const index of cellsToAudit) {
      const cell = table.cells[index];
      if (cell === undefined) continue;
      const costs = new Float64Array(numCols);
      let constant = 0;
      for (const position of cell.inner) {
        const variable = variableOf.get(position);
        if (variable === undefined) constant += innerValue(position);
        else costs[variable] = 1;
      }
      let lower = constant;
      let upper = constant;
      if (numCols > 0) {
        model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, costs);
        lower = constant + extreme(minimize, -Infinity);
        upper = constant + extreme(maximize, Infinity);
      }
      lower *= scale;
      upper *= scale;
      const required = requiredOf(index);
      const slack = TOLERANCE * Math.max(scale, Math.abs(cell.value));
      results.push({
        cell: index,
        value: cell.value,
        lower,
        upper,
        required,
        isProtected: lower <= cell.value - required + slack && upper >= cell.value + required - slack,
      });
    }
  } finally {
    model.dispose();
  }
  return results;
}
