import type { DisclosureTable } from './disclosure-table.ts';

// Secondary suppression by Gaussian elimination (Langsrud, "Secondary cell suppression by Gaussian
// elimination", Statistics Norway; R package GaussSuppression). Each cell is a vector over the inner cells;
// a set of published cells reveals a hidden cell exactly when the hidden cell's vector lies in their span.
// The non-primary cells are offered for publication in order of preference; one is published unless adding it
// to the published span would put some primary cell in it, in which case it is suppressed (secondary).
// The published span is kept in reduced row-echelon form, and each primary cell's residual against it, so one
// offer costs a reduction and a parallelism test rather than a rank computation.

const EPSILON = 1e-9;

type SparseVector = Map<number, number>;

function vectorOf(inner: readonly number[]): SparseVector {
  return new Map(inner.map((position) => [position, 1]));
}

class PublishedSpan {
  /** Basis vectors by pivot column; each contains its own pivot (coefficient 1) and no other pivot column. */
  private readonly byPivot = new Map<number, SparseVector>();
  /** For each non-pivot column, the pivots of the basis vectors that contain it. */
  private readonly holders = new Map<number, Set<number>>();

  reduce(vector: SparseVector): SparseVector {
    const out = new Map(vector);
    for (const [column, coefficient] of vector) {
      const basis = this.byPivot.get(column);
      if (basis === undefined) continue;
      for (const [other, value] of basis) addTo(out, other, -coefficient * value);
    }
    return out;
  }

  /** Adds a vector already reduced against the span (so none of its columns is a pivot). */
  add(reduced: SparseVector, pivot: number): SparseVector {
    const scale = reduced.get(pivot) ?? 1;
    const normalized = new Map<number, number>();
    for (const [column, value] of reduced) normalized.set(column, value / scale);
    for (const holderPivot of [...(this.holders.get(pivot) ?? [])]) {
      const basis = this.byPivot.get(holderPivot);
      if (basis === undefined) continue;
      const factor = basis.get(pivot) ?? 0;
      for (const [column, value] of normalized) {
        const before = basis.has(column);
        addTo(basis, column, -factor * value);
        if (column === holderPivot) continue;
        if (!before && basis.has(column)) this.holder(column).add(holderPivot);
        if (before && !basis.has(column)) this.holders.get(column)?.delete(holderPivot);
      }
    }
    this.holders.delete(pivot);
    this.byPivot.set(pivot, normalized);
    for (const column of normalized.keys()) if (column !== pivot) this.holder(column).add(pivot);
    return normalized;
  }

  private holder(column: number): Set<number> {
    let set = this.holders.get(column);
    if (set === undefined) {
      set = new Set();
      this.holders.set(column, set);
    }
    return set;
  }
}

function addTo(vector: SparseVector, column: number, delta: number): void {
  const value = (vector.get(column) ?? 0) + delta;
  if (Math.abs(value) < EPSILON) vector.delete(column);
  else vector.set(column, value);
}

/** Whether `a` is a multiple of `b` (both non-zero). */
function isParallel(a: SparseVector, b: SparseVector): boolean {
  if (a.size !== b.size) return false;
  let ratio: number | undefined;
  for (const [column, value] of a) {
    const other = b.get(column);
    if (other === undefined) return false;
    const r = value / other;
    if (ratio === undefined) ratio = r;
    else if (Math.abs(r - ratio) > EPSILON * Math.max(1, Math.abs(ratio))) return false;
  }
  return true;
}

function largestEntry(vector: SparseVector): number {
  let best = -1;
  let bestValue = 0;
  for (const [column, value] of vector)
    if (Math.abs(value) > bestValue) {
      best = column;
      bestValue = Math.abs(value);
    }
  return best;
}

/**
 * The secondary cells: non-primary cells that must be suppressed so that no primary cell is a linear
 * combination of the published ones. `publicationOrder` lists every non-primary cell, most wanted first
 * (cells missing from it are offered last, by index).
 */
export function gaussSecondarySuppression(
  table: DisclosureTable,
  primary: ReadonlySet<number>,
  publicationOrder: readonly number[],
): Set<number> {
  const span = new PublishedSpan();
  const residuals = new Map<number, SparseVector>();
  for (const index of primary) residuals.set(index, vectorOf(table.cells[index]?.inner ?? []));
  const offered = new Set(publicationOrder);
  const order = [
    ...publicationOrder,
    ...table.cells.map((cell) => cell.index).filter((index) => !offered.has(index) && !primary.has(index)),
  ];
  const secondary = new Set<number>();
  for (const index of order) {
    if (primary.has(index)) continue;
    const reduced = span.reduce(vectorOf(table.cells[index]?.inner ?? []));
    if (reduced.size === 0) continue; // already implied by the published cells: publishing it adds nothing
    const pivot = largestEntry(reduced);
    const affected = [...residuals].filter(([, residual]) => residual.has(pivot));
    if (affected.some(([, residual]) => isParallel(residual, reduced))) {
      secondary.add(index);
      continue;
    }
    const normalized = span.add(reduced, pivot);
    for (const [, residual] of affected) {
      const factor = residual.get(pivot) ?? 0;
      for (const [column, value] of normalized) addTo(residual, column, -factor * value);
    }
  }
  return secondary;
}
