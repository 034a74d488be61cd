// A published table as the disclosure methods see it: every combination of one code per dimension (each
// dimension a hierarchy with one root, so the margins and subtotals are cells too), each cell the sum of the
// inner cells (leaf × leaf × …) below it, and each cell's contributors — an enterprise that reports several
// leaves of a dimension (several indicators of a hierarchy) counts once, with the sum of its values.

/** One code of a dimension's hierarchy; the root (the total) has no parent. */
export interface HierarchyCode {
  code: string;
  parent: string | null;
}

export interface TableDimension {
  name: string;
  codes: HierarchyCode[];
}

/** One respondent's value in one inner cell (a leaf code of every dimension, in dimension order). */
export interface Contribution {
  coordinates: readonly string[];
  contributor: string;
  value: number;
}

export interface DisclosureCell {
  index: number;
  /** One code per dimension, in dimension order. */
  coordinates: string[];
  /** A leaf in every dimension (not a subtotal). */
  isInner: boolean;
  value: number;
  /** Σ|contribution| per contributor: the cell's magnitude, what the sensitivity rules weigh. */
  magnitude: number;
  contributorCount: number;
  /** The largest contributions (absolute, per contributor) in decreasing order; at most `keepLargest`. */
  largest: number[];
  /** Positions (in `innerCells`) of the inner cells this cell sums, increasing. */
  inner: number[];
  /**
   * The cells it is the sum of along its first dimension that is not a leaf (empty for an inner cell): the
   * table's additivity written sparsely, one equation per margin.
   */
  children: number[];
}

export interface DisclosureTable {
  dimensions: TableDimension[];
  cells: DisclosureCell[];
  /** Cell index of each inner cell, by inner position. */
  innerCells: number[];
  /** Whether every contribution is ≥ 0, so an attacker knows each hidden inner cell is ≥ 0. */
  isNonNegative: boolean;
}

interface DimensionIndex {
  codes: string[];
  position: Map<string, number>;
  /** For each code, the positions of the leaves below it (itself if a leaf). */
  leavesBelow: number[][];
  /** For each leaf position, the positions of its ancestors and itself. */
  ancestorsOf: number[][];
  isLeaf: boolean[];
  leafRank: Map<number, number>;
  childrenOf: number[][];
}

function indexDimension(dimension: TableDimension): DimensionIndex {
  const codes = dimension.codes.map((entry) => entry.code);
  const position = new Map(codes.map((code, i) => [code, i]));
  if (position.size !== codes.length) throw new Error(`维度“${dimension.name}”的代码重复`);
  const roots = dimension.codes.filter((entry) => entry.parent === null);
  if (roots.length !== 1) throw new Error(`维度“${dimension.name}”应有且只有一个合计代码`);
  const parentOf = dimension.codes.map((entry) => {
    if (entry.parent === null) return -1;
    const parent = position.get(entry.parent);
    if (parent === undefined) throw new Error(`维度“${dimension.name}”的代码 ${entry.code} 的上级不存在`);
    return parent;
  });
  const isLeaf = codes.map((_, i) => !parentOf.includes(i));
  const ancestorsOf: number[][] = codes.map(() => []);
  const leavesBelow: number[][] = codes.map(() => []);
  const leafRank = new Map<number, number>();
  codes.forEach((_, i) => {
    if (!isLeaf[i]) return;
    leafRank.set(i, leafRank.size);
    const chain: number[] = [];
    for (let at = i, steps = 0; at !== -1; at = parentOf[at] ?? -1, steps++) {
      if (steps > codes.length) throw new Error(`维度“${dimension.name}”的层级有环`);
      chain.push(at);
      leavesBelow[at]?.push(i);
    }
    ancestorsOf[i] = chain;
  });
  const childrenOf: number[][] = codes.map(() => []);
  parentOf.forEach((parent, child) => {
    if (parent !== -1) childrenOf[parent]?.push(child);
  });
  return { codes, position, leavesBelow, ancestorsOf, isLeaf, leafRank, childrenOf };
}

/** How many of each cell's largest contributions are kept: enough for (n,k) dominance with n ≤ this. */
const KEEP_LARGEST = 4;

/**
 * Builds the table of every cell (inner cells and all margins) from the respondents' contributions to inner
 * cells. Throws when a contribution names a code that is not a leaf of its dimension.
 */
export function buildDisclosureTable(
  dimensions: TableDimension[],
  contributions: readonly Contribution[],
): DisclosureTable {
  const indexes = dimensions.map(indexDimension);
  const sizes = indexes.map((index) => index.codes.length);
  const strides = sizes.map((_, d) => sizes.slice(d + 1).reduce((product, size) => product * size, 1));
  const cellCount = sizes.reduce((product, size) => product * size, 1);
  const leafCounts = indexes.map((index) => index.leafRank.size);
  const leafStrides = leafCounts.map((_, d) =>
    leafCounts.slice(d + 1).reduce((product, size) => product * size, 1),
  );

  const cells: DisclosureCell[] = [];
  const innerPositionOfCell = new Map<number, number>();
  for (let index = 0; index < cellCount; index++) {
    const positions = sizes.map((size, d) => Math.floor(index / (strides[d] ?? 1)) % size);
    const coordinates = positions.map((p, d) => indexes[d]?.codes[p] ?? '');
    const isInner = positions.every((p, d) => indexes[d]?.isLeaf[p] === true);
    if (isInner) {
      const innerPosition = positions.reduce(
        (sum, p, d) => sum + (indexes[d]?.leafRank.get(p) ?? 0) * (leafStrides[d] ?? 1),
        0,
      );
      innerPositionOfCell.set(index, innerPosition);
    }
    cells.push({
      index,
      coordinates,
      isInner,
      value: 0,
      magnitude: 0,
      contributorCount: 0,
      largest: [],
      inner: innerList(positions, indexes, leafStrides),
      children: childCells(positions, indexes, strides),
    });
  }
  const innerCells: number[] = new Array<number>(innerPositionOfCell.size);
  for (const [cell, position] of innerPositionOfCell) innerCells[position] = cell;

  // Each contributor's contributions are summed per cell first (one contributor may report several leaves of a
  // dimension), then added to the cells' running counts, magnitudes and largest contributions.
  const byContributor = new Map<string, Contribution[]>();
  let isNonNegative = true;
  for (const contribution of contributions) {
    if (contribution.value < 0) isNonNegative = false;
    const list = byContributor.get(contribution.contributor);
    if (list === undefined) byContributor.set(contribution.contributor, [contribution]);
    else list.push(contribution);
  }
  const sums = new Float64Array(cellCount);
  const magnitudes = new Float64Array(cellCount);
  for (const own of byContributor.values()) {
    const perCell = new Map<number, number>();
    for (const contribution of own) {
      if (contribution.coordinates.length !== dimensions.length) throw new Error('贡献的坐标数与维度数不符');
      const leafPositions = contribution.coordinates.map((code, d) => {
        const p = indexes[d]?.position.get(code);
        if (p === undefined || indexes[d]?.isLeaf[p] !== true)
          throw new Error(`“${code}”不是维度“${dimensions[d]?.name}”的末级代码`);
        return p;
      });
      forEachCombination(
        leafPositions.map((p, d) => indexes[d]?.ancestorsOf[p] ?? []),
        (positions) => {
          const cellIndex = positions.reduce((sum, p, d) => sum + p * (strides[d] ?? 1), 0);
          perCell.set(cellIndex, (perCell.get(cellIndex) ?? 0) + contribution.value);
        },
      );
    }
    for (const [cellIndex, value] of perCell) {
      const cell = cells[cellIndex];
      if (cell === undefined) continue;
      sums[cellIndex] = (sums[cellIndex] ?? 0) + value;
      const magnitude = Math.abs(value);
      if (magnitude === 0) continue;
      magnitudes[cellIndex] = (magnitudes[cellIndex] ?? 0) + magnitude;
      cell.contributorCount++;
      insertLargest(cell.largest, magnitude);
    }
  }
  cells.forEach((cell, i) => {
    cell.value = roundSum(sums[i] ?? 0);
    cell.magnitude = roundSum(magnitudes[i] ?? 0);
  });
  return { dimensions, cells, innerCells, isNonNegative };
}

function insertLargest(largest: number[], value: number): void {
  if (largest.length === KEEP_LARGEST && value <= (largest[KEEP_LARGEST - 1] ?? 0)) return;
  let at = largest.length;
  while (at > 0 && (largest[at - 1] ?? 0) < value) at--;
  largest.splice(at, 0, value);
  if (largest.length > KEEP_LARGEST) largest.pop();
}

/** Sums of figures kept to two decimals (万元) stay at 1e-6 of a unit: no binary noise reaches a cell. */
function roundSum(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function innerList(positions: number[], indexes: DimensionIndex[], leafStrides: number[]): number[] {
  const out: number[] = [];
  forEachCombination(
    positions.map((p, d) => indexes[d]?.leavesBelow[p] ?? []),
    (leaves) => {
      out.push(
        leaves.reduce((sum, p, d) => sum + (indexes[d]?.leafRank.get(p) ?? 0) * (leafStrides[d] ?? 1), 0),
      );
    },
  );
  return out.sort((a, b) => a - b);
}

function childCells(positions: number[], indexes: DimensionIndex[], strides: number[]): number[] {
  const d = positions.findIndex((p, dimension) => indexes[dimension]?.isLeaf[p] !== true);
  if (d === -1) return [];
  const base = positions.reduce((sum, p, dimension) => sum + p * (strides[dimension] ?? 1), 0);
  const own = positions[d] ?? 0;
  return (indexes[d]?.childrenOf[own] ?? []).map((child) => base + (child - own) * (strides[d] ?? 1));
}

function forEachCombination(choices: number[][], visit: (combination: number[]) => void): void {
  const current = new Array<number>(choices.length).fill(0);
  const walk = (d: number): void => {
    if (d === choices.length) {
      visit(current);
      return;
    }
    for (const choice of choices[d] ?? []) {
      current[d] = choice;
      walk(d + 1);
    }
  };
  walk(0);
}

/** The cell's codes joined for messages and keys, e.g. "500000|6511|2021". */
export function cellKey(cell: DisclosureCell): string {
  return cell.coordinates.join('|');
}
