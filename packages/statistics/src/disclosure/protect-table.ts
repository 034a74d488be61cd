import type { Highs } from 'highs';
import type { DisclosureCell, DisclosureTable } from './disclosure-table.ts';
import { gaussSecondarySuppression } from './gauss-suppression.ts';
import { releaseUnneededCells } from './release-unneeded-cells.ts';
import {
  findPrimaryCells,
  requiredProtection,
  type DisclosureRules,
  type PrimaryReason,
} from './primary-rules.ts';
import { auditSuppression, lpScale, type SuppressedInterval } from './protection-audit.ts';

// The whole protection of one table: primary cells by the rules; secondary cells by Gaussian elimination (no
// primary cell is a linear combination of published ones); then the attacker's LP audit, and for each primary
// cell whose interval is still too narrow (Gaussian elimination knows nothing of the ≥ 0 bounds) the cheapest
// further suppression found by linear programming — the classic single-cell protection LP (Fischetti &
// Salazar-González; τ-Argus "optimal"): a change of the hidden inner cells that moves the primary cell by the
// required amount, keeps every inner cell ≥ 0 and changes published cells as little as possible (weighted by
// their size); every published cell it changes is suppressed. Suppressing more only widens intervals, so the
// loop ends, and the final audit covers every suppressed cell.

export type SuppressionReason = PrimaryReason | 'secondary';

export interface ProtectedTable {
  table: DisclosureTable;
  /** Why each suppressed cell is hidden, by cell index; a published cell is absent. */
  reasons: Map<number, SuppressionReason[]>;
  /** The attacker's interval of every suppressed cell. */
  intervals: SuppressedInterval[];
  /** Whether every primary cell's interval reaches its required protection. */
  isProtected: boolean;
}

/**
 * Cells offered for publication most wanted first: empty cells (hiding a zero protects nothing, the attacker's
 * ≥ 0 bound pins it), then the wider margins, then the smaller cells — so that the cells hidden beside a
 * primary cell are large enough to give it room (a small partner pins it within its own value, and the LP
 * widening would have to hide more).
 */
export function publicationOrder(table: DisclosureTable, primary: ReadonlyMap<number, unknown>): number[] {
  const isEmpty = (cell: DisclosureCell): number => (cell.contributorCount === 0 ? 0 : 1);
  return table.cells
    .filter((cell) => !primary.has(cell.index))
    .sort(
      (a, b) =>
        isEmpty(a) - isEmpty(b) ||
        b.inner.length - a.inner.length ||
        a.magnitude - b.magnitude ||
        a.index - b.index,
    )
    .map((cell) => cell.index);
}

/** Protects a table: which cells to suppress and why, and the audit that proves it. */
export function protectTable(
  highs: Highs,
  table: DisclosureTable,
  rules: DisclosureRules,
  options: {
    /** Publish again the secondary cells the protection does not need (default); off only to compare. */
    releasesUnneeded?: boolean;
  } = {},
): ProtectedTable {
  const primary = findPrimaryCells(table, rules);
  const primarySet = new Set(primary.keys());
  const secondary = gaussSecondarySuppression(table, primarySet, publicationOrder(table, primary));
  const suppressed = new Set([...primarySet, ...secondary]);
  const requiredOf = (index: number): number => {
    const cell = table.cells[index];
    return cell !== undefined && primarySet.has(index) ? requiredProtection(cell, rules) : 0;
  };

  const widening = new ProtectionWidening(highs, table, suppressed);
  try {
    for (let round = 0; round < table.cells.length; round++) {
      const short = auditSuppression(highs, table, suppressed, requiredOf, primarySet).filter(
        (interval) => !interval.isProtected,
      );
      if (short.length === 0) break;
      // Cells that sum the same inner cells (a group with one class, 652 and 6520) share one interval.
      const widened = new Set<string>();
      for (const interval of short)
        for (const direction of [1, -1] as const) {
          const same = `${table.cells[interval.cell]?.inner.join(',')}:${direction}`;
          if (widened.has(same)) continue;
          widened.add(same);
          const reach = direction > 0 ? interval.upper - interval.value : interval.value - interval.lower;
          if (reach >= interval.required) continue;
          for (const index of widening.cellsToSuppress(interval.cell, direction * interval.required)) {
            suppressed.add(index);
            secondary.add(index);
          }
        }
    }
  } finally {
    widening.dispose();
  }
  if (options.releasesUnneeded !== false)
    releaseUnneededCells(highs, table, { suppressed, secondary, primary: primarySet, requiredOf });

  const intervals = auditSuppression(highs, table, suppressed, requiredOf);
  const reasons = new Map<number, SuppressionReason[]>();
  for (const [index, primaryReasons] of primary) reasons.set(index, primaryReasons);
  for (const index of secondary) reasons.set(index, ['secondary']);
  return { table, reasons, intervals, isProtected: intervals.every((interval) => interval.isProtected) };
}

/**
 * The single-cell protection LP, kept as one HiGHS model over the whole table: the change of each cell split
 * into d⁺ ≥ 0 and d⁻ ≥ 0, one sparse equation per margin (its change is the sum of its children's, along one
 * dimension), and an inner cell's decrease at most its value when values are ≥ 0. Published cells cost per unit
 * of change; suppressed cells cost nothing.
 */
class ProtectionWidening {
  private readonly model;
  private readonly scale: number;
  private readonly typical: number;
  private readonly decreaseLimit: Float64Array;

  constructor(
    private readonly highs: Highs,
    private readonly table: DisclosureTable,
    private readonly suppressed: Set<number>,
  ) {
    this.scale = lpScale(table);
    this.typical = typicalInnerMagnitude(table);
    const numCols = 2 * table.cells.length;
    this.decreaseLimit = new Float64Array(table.cells.length).fill(highs.infinity);
    if (table.isNonNegative)
      for (const cell of table.innerCells)
        this.decreaseLimit[cell] = (table.cells[cell]?.value ?? 0) / this.scale;
    const colUpper = new Float64Array(numCols).fill(highs.infinity);
    this.decreaseLimit.forEach((limit, cell) => {
      colUpper[2 * cell + 1] = limit;
    });
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const cell of table.cells) {
      if (cell.children.length === 0) continue;
      indices.push(2 * cell.index, 2 * cell.index + 1);
      values.push(1, -1);
      for (const child of cell.children) {
        indices.push(2 * child, 2 * child + 1);
        values.push(-1, 1);
      }
      starts.push(indices.length);
    }
    const numRows = starts.length - 1;
    const zeros = new Float64Array(numRows);
    this.model = highs.createModel({
      numCols,
      numRows,
      colCost: this.costs(),
      colLower: new Float64Array(numCols),
      colUpper,
      rowLower: zeros,
      rowUpper: zeros,
      matrix: { format: 'csr', numRows, numCols, starts, indices, values },
    });
    this.model.options.set({ output_flag: false });
  }

  private costs(): Float64Array {
    const costs = new Float64Array(2 * this.table.cells.length);
    for (const cell of this.table.cells) {
      const cost = this.suppressed.has(cell.index) ? 0 : publicationCost(cell, this.typical);
      costs[2 * cell.index] = cost;
      costs[2 * cell.index + 1] = cost;
    }
    return costs;
  }

  /** Published cells whose suppression lets the cell move by `change` (its sign the direction). */
  cellsToSuppress(cell: number, unscaledChange: number): number[] {
    const change = unscaledChange / this.scale;
    const costs = this.costs();
    this.model.changeColsCost({ kind: 'range', from: 0, to: costs.length - 1 }, costs);
    this.model.changeColBounds(2 * cell, Math.max(change, 0), Math.max(change, 0));
    this.model.changeColBounds(2 * cell + 1, Math.max(-change, 0), Math.max(-change, 0));
    try {
      this.model.run();
      if (this.model.getModelStatus() !== this.highs.constants.modelStatus.optimal)
        throw new Error('保护扩展的线性规划未能求解');
      const { colValue } = this.model.getSolution();
      const moved: number[] = [];
      for (const other of this.table.cells) {
        if (this.suppressed.has(other.index)) continue;
        const shift = (colValue[2 * other.index] ?? 0) + (colValue[2 * other.index + 1] ?? 0);
        if (shift > 1e-7 * Math.max(1, Math.abs(change))) moved.push(other.index);
      }
      return moved;
    } finally {
      this.model.changeColBounds(2 * cell, 0, this.highs.infinity);
      this.model.changeColBounds(2 * cell + 1, 0, this.decreaseLimit[cell] ?? this.highs.infinity);
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * What hiding a cell costs per unit of change: one, plus a little more for a larger cell (so margins and large
 * cells are hidden last). A cost proportional to the value would make small cells cheap, and the LP would
 * spread the change over many of them, each too small to carry much, and hide them all.
 */
function publicationCost(cell: DisclosureCell, typical: number): number {
  return 1 + Math.log1p(cell.magnitude / typical);
}

function typicalInnerMagnitude(table: DisclosureTable): number {
  const sizes = table.innerCells
    .map((index) => table.cells[index]?.magnitude ?? 0)
    .filter((size) => size > 0)
    .sort((a, b) => a - b);
  return sizes[Math.floor(sizes.length / 2)] ?? 1;
}
