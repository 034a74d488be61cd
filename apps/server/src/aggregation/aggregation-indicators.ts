import { deriveCellValues, getEdition, type CellDefinition, type FilingValues } from '@zhibao/survey';
import type { CellValues } from '../db/schema.ts';
import { cellIndexOf, deriveValues, headlineCell } from '../review/review-cells.ts';
import { type TaskWithOwnerRow } from '../task/task.repository.ts';
import { centsOf, fromCents } from './exact-sum.ts';
import { type CountedFilingRow, type TotalsRow } from './aggregation.repository.ts';
import type { AggregateRow } from '@zhibao/contracts';

/*
 * The arithmetic of 汇总: which cells of an edition are indicators, their values derived from typed cells, sums of
 * filings and of regions in exact cents, and growth. Pure over what the repository read.
 */

export const summable = new Set(['amount', 'count']);

/** What the arithmetic reads of a task: its edition and period type. */
type TaskEdition = Pick<TaskWithOwnerRow, 'edition_id' | 'period_type'>;
// One collator for every sort: localeCompare with a locale builds a new one per comparison, which costs more than
// the whole query on a district of a thousand enterprises.
export const chineseOrder = new Intl.Collator('zh-CN');
export const numericTypes = new Set(['amount', 'count', 'ratio']);

/** The numeric cells a filer types (computed ones are derived after summing). */
export function typedNumericCells(
  task: Pick<TaskWithOwnerRow, 'edition_id' | 'period_type'>,
): Array<{ formId: string; key: string }> {
  return [...cellIndexOf(task.edition_id, task.period_type).values()]
    .filter((cell) => !cell.isComputed && numericTypes.has(cell.type))
    .map((cell) => ({ formId: cell.formId, key: cell.key }));
}

export const feedingCache = new Map<string, Array<{ formId: string; key: string }>>();

/**
 * The typed cells whose values reach the given cells through the derivation of computed cells (合计), found once
 * per edition by setting one typed cell at a time: the trend then sums only those, not every cell of the form.
 */
export function typedCellsFeeding(
  task: Pick<TaskWithOwnerRow, 'edition_id' | 'period_type'>,
  ids: string[],
): Array<{ formId: string; key: string }> {
  const cacheKey = `${task.edition_id}|${task.period_type}|${ids.join(',')}`;
  const cached = feedingCache.get(cacheKey);
  if (cached) return cached;
  const valueAt = (values: CellValues, id: string) => {
    const [formId, key] = id.split('.') as [string, string];
    return values[formId]?.[key] ?? null;
  };
  const base = deriveValues(task.edition_id, task.period_type, {});
  const feeding = typedNumericCells(task).filter((cell) => {
    const derived = deriveValues(task.edition_id, task.period_type, { [cell.formId]: { [cell.key]: 1 } });
    return ids.some((id) => valueAt(derived, id) !== valueAt(base, id));
  });
  feedingCache.set(cacheKey, feeding);
  return feeding;
}

/**
 * An indicator as a weighted sum of typed cells ({formId, key, weight}): every summable cell is additive (合计 add
 * their parts, 嵌入式系统软件出口 weighs its input), so the weight of each feeding cell is what one unit of it adds.
 * Lets SQL compute a computed indicator (软件业务收入) per filing, to rank enterprises without reading their JSON here.
 */
export function linearWeightsOf(
  task: Pick<TaskWithOwnerRow, 'edition_id' | 'period_type'>,
  id: string,
): Array<{ formId: string; key: string; weight: number }> {
  const [formId, key] = id.split('.') as [string, string];
  const valueOf = (typed: CellValues) => {
    const value = deriveValues(task.edition_id, task.period_type, typed)[formId]?.[key];
    return typeof value === 'number' ? value : 0;
  };
  const base = valueOf({});
  return typedCellsFeeding(task, [id]).map((cell) => ({
    ...cell,
    // A weight such as 0.7 comes back with float noise: six decimals are more than any edition's weight has.
    weight: Math.round((valueOf({ [cell.formId]: { [cell.key]: 1 } }) - base) * 1e6) / 1e6,
  }));
}

export const indicatorCellsCache = new Map<string, CellDefinition[]>();

/** The summable cells of the task's forms: one list per edition and period type (cached, so it can key caches). */
export function indicatorCells(task: TaskEdition): CellDefinition[] {
  const cacheKey = `${task.edition_id}|${task.period_type}`;
  let cells = indicatorCellsCache.get(cacheKey);
  if (!cells) {
    cells = [...cellIndexOf(task.edition_id, task.period_type).values()].filter((cell) =>
      summable.has(cell.type),
    );
    indicatorCellsCache.set(cacheKey, cells);
  }
  return cells;
}

/**
 * 软件业务收入 (the headline: 月报 2020, 年报 A10) and the classes its formula adds ([A11] + [A12] + …): the key
 * indicators of the 汇总表 and of 对外发布.
 */
export function headlineWithClasses(task: TaskWithOwnerRow): CellDefinition[] {
  const headline = headlineCell(task.period_type);
  const cells = indicatorCells(task).filter((cell) => cell.formId === headline.formId);
  const total = cells.find((cell) => cell.key === headline.key);
  if (!total) return [];
  const classes = [...(total.formula?.matchAll(/\[([^\]]+)\]/g) ?? [])]
    .map((match) => cells.find((cell) => cell.key === match[1]))
    .filter((cell) => cell !== undefined);
  return [total, ...classes];
}

/** Each indicator's value by id (`form.key`), rounded to the cent; null where blank. */
export type IndicatorValues = Record<string, number | null>;

export interface GroupTotals {
  values: Map<string, IndicatorValues>;
  counts: Map<string, number>;
}

/**
 * The indicators of summed typed values, the computed ones (合计) derived from them: only the indicator cells are
 * derived and read, not every form (a district page does this for each of its enterprises).
 */
export function indicatorValuesOf(task: TaskEdition, typed: CellValues): IndicatorValues {
  const cells = indicatorCells(task);
  const derived = deriveCellValues(
    getEdition(task.edition_id),
    task.period_type,
    typed as FilingValues,
    cells,
  );
  const values: IndicatorValues = {};
  cells.forEach((cell, index) => {
    // Computed cells (合计) are derived from the exact typed sums in doubles: rounding to the cent clears the noise.
    const cents = centsOf(derived[index]);
    values[cellIdOf(cell)] = cents === null ? null : fromCents(cents);
  });
  return values;
}

/** The values of a group, or every indicator blank for a group that has none. */
export function valuesOfGroup(group: GroupTotals, key: string, cells: CellDefinition[]): IndicatorValues {
  return group.values.get(key) ?? Object.fromEntries(cells.map((cell) => [cellIdOf(cell), null]));
}

/** Kept totals rows summed per key, with the computed cells (合计) derived from the summed typed cells. */
export function mergeTotals(
  task: TaskWithOwnerRow,
  rows: TotalsRow[],
  keyOf: (row: TotalsRow) => string,
): GroupTotals {
  // Cents per group, form and cell: the kept totals are exact, and so is adding them up.
  const centsByGroup = new Map<string, Record<string, Record<string, number>>>();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(row);
    counts.set(key, (counts.get(key) ?? 0) + row.filings);
    let group = centsByGroup.get(key);
    if (!group) centsByGroup.set(key, (group = {}));
    for (const [formId, cells] of Object.entries(row.totals)) {
      const form = (group[formId] ??= {});
      for (const [cellKey, total] of Object.entries(cells)) {
        const cents = centsOf(total);
        if (cents !== null) form[cellKey] = (form[cellKey] ?? 0) + cents;
      }
    }
  }
  const values = new Map<string, IndicatorValues>();
  for (const [key, group] of centsByGroup) {
    const typed: CellValues = {};
    for (const [formId, cells] of Object.entries(group)) {
      typed[formId] = Object.fromEntries(
        Object.entries(cells).map(([cellKey, cents]) => [cellKey, fromCents(cents)]),
      );
    }
    values.set(key, indicatorValuesOf(task, typed));
  }
  return { values, counts };
}

/** A counted filing with its typed numeric cells in cents, in the order of `typedNumericCells` (null: no number). */
export interface SummableFiling extends CountedFilingRow {
  cents: Array<number | null>;
}

/**
 * Counted filings summed per key, with the computed cells (合计) derived from the summed typed cells. The sums
 * run over arrays in cell order: the same sums into objects keyed by cell code cost ten times more.
 */
export function sumFilings<Filing extends SummableFiling>(
  task: TaskWithOwnerRow,
  filings: Filing[],
  keyOf: (filing: Filing) => string,
): GroupTotals {
  const typedCells = typedNumericCells(task);
  // A cell no filing of the group holds a number in stays null: it gets no total, as in SQL.
  const groups = new Map<string, { filings: number; sums: Array<number | null> }>();
  for (const filing of filings) {
    const key = keyOf(filing);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { filings: 0, sums: typedCells.map(() => null) }));
    group.filings += 1;
    for (let index = 0; index < typedCells.length; index += 1) {
      const cents = filing.cents[index];
      if (cents !== null && cents !== undefined) group.sums[index] = (group.sums[index] ?? 0) + cents;
    }
  }
  const values = new Map<string, IndicatorValues>();
  const counts = new Map<string, number>();
  for (const [key, group] of groups) {
    const typed: CellValues = {};
    group.sums.forEach((sum, index) => {
      const cell = typedCells[index]!;
      if (sum !== null) (typed[cell.formId] ??= {})[cell.key] = fromCents(sum);
    });
    values.set(key, indicatorValuesOf(task, typed));
    counts.set(key, group.filings);
  }
  return { values, counts };
}

export const cellIds = new WeakMap<CellDefinition, string>();
export const cellIdOf = (cell: CellDefinition) => {
  let id = cellIds.get(cell);
  if (id === undefined) cellIds.set(cell, (id = `${cell.formId}.${cell.key}`));
  return id;
};

export function growthOf(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return Math.round(((now - before) / Math.abs(before)) * 10_000) / 100;
}

export function rollUp(
  cells: CellDefinition[],
  key: string,
  label: string,
  members: string[],
  regions: GroupTotals,
): AggregateRow {
  // Sum the derived values of the member divisions, in cents; every summable cell is additive.
  const cents: Record<string, number> = {};
  for (const member of members) {
    for (const [id, value] of Object.entries(regions.values.get(member) ?? {})) {
      const memberCents = centsOf(value);
      if (memberCents !== null) cents[id] = (cents[id] ?? 0) + memberCents;
    }
  }
  return {
    key,
    label,
    filingCount: members.reduce((sum, member) => sum + (regions.counts.get(member) ?? 0), 0),
    values: Object.fromEntries(
      cells.map((cell) => {
        const total = cents[cellIdOf(cell)];
        return [cellIdOf(cell), total === undefined ? null : fromCents(total)];
      }),
    ),
  };
}
