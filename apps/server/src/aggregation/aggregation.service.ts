import {
  codeLabel,
  deriveCellValues,
  ENTERPRISE_SIZE_CODES,
  ENTERPRISE_SIZE_LABELS,
  getEdition,
  type CellDefinition,
  type FilingValues,
} from '@zhibao/survey';
import { requireAdminActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { CellValues, RegionLevel } from '../db/schema.ts';
import { notFound } from '../http/app-error.ts';
import { assertAdminSeesRegion } from '../region/region.policy.ts';
import { findRegion, listChildRegions } from '../region/region.repository.ts';
import { cellIndexOf, deriveValues, headlineCell, numericValue } from '../review/review-cells.ts';
import { formatPeriodLabel, samePeriodLastYearOf } from '../task/period.ts';
import { listTasksWithOwnerRegion, type TaskWithOwnerRow } from '../task/task.repository.ts';
import { isTaskRelevantTo } from '../task/task.service.ts';
import { centsOf, fromCents } from './exact-sum.ts';
import {
  foldAggregationDeltas,
  listAttributeTotals,
  listCountedFilings,
  listRegionTotals,
  sumSameSetCells,
  sumTaskTotals,
  type CountedFilingRow,
  type TotalsRow,
} from './aggregation.repository.ts';

export interface IndicatorTotal {
  id: string;
  formId: string;
  key: string;
  label: string;
  name: string;
  unit: string | null;
  total: number | null;
  lastYear: number | null;
  /** Growth over all filers of both years (%). */
  growth: number | null;
  sameSetTotal: number | null;
  sameSetLastYear: number | null;
  /** 同口径: growth over the enterprises counted in both years (%). */
  sameSetGrowth: number | null;
}

export interface AggregateRow {
  key: string;
  label: string;
  filingCount: number;
  values: Record<string, number | null>;
}

export interface AggregationReport {
  task: { id: string; name: string; periodLabel: string; periodType: 'month' | 'year' };
  region: { code: string; name: string; level: RegionLevel };
  includeSubmitted: boolean;
  comparisonPeriodLabel: string | null;
  filingCount: number;
  lastYearFilingCount: number;
  sameSetCount: number;
  headlineIds: string[];
  indicators: IndicatorTotal[];
  children: AggregateRow[];
  enterprises: AggregateRow[];
  byIndustry: AggregateRow[];
  bySize: AggregateRow[];
  byKeyEnterprise: AggregateRow[];
  trend: Array<{
    period: string;
    periodLabel: string;
    filingCount: number;
    values: Record<string, number | null>;
  }>;
}

const summable = new Set(['amount', 'count']);
// One collator for every sort: localeCompare with a locale builds a new one per comparison, which costs more than
// the whole query on a district of a thousand enterprises.
const chineseOrder = new Intl.Collator('zh-CN');
const numericTypes = new Set(['amount', 'count', 'ratio']);

/** The numeric cells a filer types (computed ones are derived after summing). */
function typedNumericCells(task: TaskWithOwnerRow): Array<{ formId: string; key: string }> {
  return [...cellIndexOf(task.edition_id, task.period_type).values()]
    .filter((cell) => !cell.isComputed && numericTypes.has(cell.type))
    .map((cell) => ({ formId: cell.formId, key: cell.key }));
}

const feedingCache = new Map<string, Array<{ formId: string; key: string }>>();

/**
 * The typed cells whose values reach the given cells through the derivation of computed cells (合计), found once
 * per edition by setting one typed cell at a time: the trend then sums only those, not every cell of the form.
 */
function typedCellsFeeding(task: TaskWithOwnerRow, ids: string[]): Array<{ formId: string; key: string }> {
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

const indicatorCellsCache = new Map<string, CellDefinition[]>();

/** The summable cells of the task's forms: one list per edition and period type (cached, so it can key caches). */
function indicatorCells(task: TaskWithOwnerRow): CellDefinition[] {
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

/** Each indicator's value by id (`form.key`), rounded to the cent; null where blank. */
type IndicatorValues = Record<string, number | null>;

interface GroupTotals {
  values: Map<string, IndicatorValues>;
  counts: Map<string, number>;
}

/**
 * The indicators of summed typed values, the computed ones (合计) derived from them: only the indicator cells are
 * derived and read, not every form (a district page does this for each of its enterprises).
 */
function indicatorValuesOf(task: TaskWithOwnerRow, typed: CellValues): IndicatorValues {
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
function valuesOfGroup(group: GroupTotals, key: string, cells: CellDefinition[]): IndicatorValues {
  return group.values.get(key) ?? Object.fromEntries(cells.map((cell) => [cellIdOf(cell), null]));
}

/** Kept totals rows summed per key, with the computed cells (合计) derived from the summed typed cells. */
function mergeTotals(
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
interface SummableFiling extends CountedFilingRow {
  cents: Array<number | null>;
}

/**
 * Counted filings summed per key, with the computed cells (合计) derived from the summed typed cells. The sums
 * run over arrays in cell order: the same sums into objects keyed by cell code cost ten times more.
 */
function sumFilings(
  task: TaskWithOwnerRow,
  filings: SummableFiling[],
  keyOf: (filing: SummableFiling) => string,
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

const cellIds = new WeakMap<CellDefinition, string>();
const cellIdOf = (cell: CellDefinition) => {
  let id = cellIds.get(cell);
  if (id === undefined) cellIds.set(cell, (id = `${cell.formId}.${cell.key}`));
  return id;
};

function growthOf(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return Math.round(((now - before) / Math.abs(before)) * 10_000) / 100;
}

// The sums run on the read replica when there is one (DATABASE_READ_URL); 汇总 may then trail the latest
// submissions by the replication lag, which is seconds at most.
function readerOf(ctx: AppContext) {
  return ctx.readDb ?? ctx.db;
}

async function loadRelevantTask(ctx: AppContext, admin: Actor, taskId: string) {
  const tasks = await listTasksWithOwnerRegion(ctx.db);
  const task = tasks.find((row) => row.id === taskId);
  if (!task || !isTaskRelevantTo(admin, task)) throw notFound('任务');
  return { task, tasks };
}

/**
 * 汇总: totals of every indicator for a region and each division below it over the filings that passed the
 * administrator's review (or every submitted one), growth against the same period last year over all filers
 * and over the same enterprises (同口径), breakdowns, and the monthly trend of the year.
 */
export async function aggregateRegion(
  ctx: AppContext,
  actor: Actor,
  query: { taskId: string; regionCode?: string; includeSubmitted: boolean },
): Promise<AggregationReport> {
  const admin = requireAdminActor(actor);
  const region = await findRegion(ctx.db, query.regionCode ?? admin.regionCode);
  assertAdminSeesRegion(admin, region);
  const { task, tasks } = await loadRelevantTask(ctx, admin, query.taskId);
  const regionPrefix = regionScopePrefix(region.code, region.level);
  const cells = indicatorCells(task);
  const typedCells = typedNumericCells(task);
  const base = {
    taskId: task.id,
    regionPrefix,
    level: admin.adminLevel,
    includeSubmitted: query.includeSubmitted,
  };
  const lastYearTask = tasks.find(
    (other) =>
      other.period_type === task.period_type &&
      other.period === samePeriodLastYearOf(task.period) &&
      isTaskRelevantTo(admin, other),
  );

  // Summed from the filings on read: the enterprise rows of a small region and the 行业/规模/重点 breakdowns
  // below a province, all from one read of the region's counted filings (at most once per report).
  let countedFilings: Promise<SummableFiling[]> | undefined;
  const readCountedFilings = () =>
    (countedFilings ??= listCountedFilings(readerOf(ctx), base).then((rows) =>
      rows.map((row) => ({
        ...row,
        cents: typedCells.map((cell) => centsOf(numericValue(row.cell_values, cell.formId, cell.key))),
      })),
    ));
  const year = task.period.slice(0, 4);
  const trendTasks = tasks
    .filter(
      (other) =>
        other.period_type === task.period_type &&
        other.owner_region_code === task.owner_region_code &&
        (task.period_type === 'month' ? other.period.startsWith(year) : true),
    )
    .sort((a, b) => a.period.localeCompare(b.period));

  // Two headline indicators of one unit, so they share a chart axis: 软件业务收入 and, for the monthly report,
  // 主营业务收入; for the annual report the next top-level amount of the business form.
  const headline = headlineCell(task.period_type);
  const headlineCellDef = cells.find((cell) => cell.formId === headline.formId && cell.key === headline.key);
  const companion =
    task.period_type === 'month'
      ? 'monthly.2010'
      : cells
          .filter(
            (cell) =>
              cell.formId === headline.formId &&
              cell.key !== headline.key &&
              !cell.parentKey &&
              cell.unit === headlineCellDef?.unit,
          )
          .map((cell) => `${cell.formId}.${cell.key}`)[0];
  const headlineIds = [`${headline.formId}.${headline.key}`, ...(companion ? [companion] : [])];

  // Read from the totals the database keeps up to date (a few thousand rows for the whole country): the totals
  // and divisions of every period, and the 行业/规模/重点 breakdowns of a province or the nation; each table read
  // once. Always on the primary: the latest changes are folded into the totals first, which writes. Below a
  // province the totals end there (no 行业/规模/重点 totals): the region's filings are read beside the fold.
  const isBelowProvince = region.level === 'city' || region.level === 'county';
  await Promise.all([foldAggregationDeltas(ctx.db), isBelowProvince && readCountedFilings()]);
  const totalsBase = { regionPrefix, level: admin.adminLevel, includeSubmitted: query.includeSubmitted };
  const keptRegionRows = listRegionTotals(ctx.db, {
    ...totalsBase,
    taskIds: lastYearTask ? [task.id, lastYearTask.id] : [task.id],
  });
  const regionRowsOf = async (taskId: string) =>
    (await keptRegionRows).filter((row) => row.task_id === taskId);
  const keptAttributeRows = isBelowProvince
    ? null
    : listAttributeTotals(ctx.db, { ...totalsBase, taskId: task.id, provincePrefix: regionPrefix });
  const attributeGroup = async (groupBy: 'industry_code' | 'size_code' | 'is_key_enterprise') => {
    if (!keptAttributeRows) {
      // Keys as the kept totals spell them: no 规模 is '', the 重点 flag 'true' or 'false'.
      return sumFilings(task, await readCountedFilings(), (row) => String(row[groupBy] ?? ''));
    }
    const part = { industry_code: 1, size_code: 2, is_key_enterprise: 3 }[groupBy];
    return mergeTotals(task, await keptAttributeRows, (row) => row.group_key.split('|')[part]!);
  };
  // 同口径 is summed on read: only the filings whose enterprise counts in the other period too.
  const whole = async (taskId: string, alsoCountedIn?: string) => {
    const rows = alsoCountedIn
      ? [await sumSameSetCells(readerOf(ctx), { ...base, taskId, alsoCountedIn, cells: typedCells })]
      : await regionRowsOf(taskId);
    const totals = mergeTotals(task, rows, () => 'all');
    return { values: totals.values.get('all'), count: totals.counts.get('all') ?? 0 };
  };

  const [
    current,
    lastYear,
    sameSetNow,
    sameSetBefore,
    regions,
    industries,
    sizes,
    keys,
    children,
    trendRows,
  ] = await Promise.all([
    whole(task.id),
    lastYearTask ? whole(lastYearTask.id) : Promise.resolve(null),
    lastYearTask ? whole(task.id, lastYearTask.id) : Promise.resolve(null),
    lastYearTask ? whole(lastYearTask.id, task.id) : Promise.resolve(null),
    regionRowsOf(task.id).then((rows) => mergeTotals(task, rows, (row) => row.group_key)),
    attributeGroup('industry_code'),
    attributeGroup('size_code'),
    attributeGroup('is_key_enterprise'),
    listChildRegions(ctx.db, region.code),
    sumTaskTotals(ctx.db, {
      ...totalsBase,
      taskIds: trendTasks.map((other) => other.id),
      cells: typedCellsFeeding(task, headlineIds),
    }),
  ]);

  const indicators: IndicatorTotal[] = cells.map((cell) => {
    const id = `${cell.formId}.${cell.key}`;
    const valueIn = (values: IndicatorValues | undefined) => values?.[id] ?? null;
    const total = valueIn(current.values);
    const before = lastYear ? valueIn(lastYear.values) : null;
    const sameNow = sameSetNow ? valueIn(sameSetNow.values) : null;
    const sameBefore = sameSetBefore ? valueIn(sameSetBefore.values) : null;
    return {
      id,
      formId: cell.formId,
      key: cell.key,
      label: cell.label,
      name: cell.name,
      unit: cell.unit,
      total,
      lastYear: before,
      growth: growthOf(total, before),
      sameSetTotal: sameNow,
      sameSetLastYear: sameBefore,
      sameSetGrowth: growthOf(sameNow, sameBefore),
    };
  });

  // Each counted enterprise's division rolls up into the child region containing it; one registered at the
  // region's own code (a city's 市本级) forms a row of its own.
  const childRows: AggregateRow[] = [];
  const regionCodes = [...regions.counts.keys()];
  for (const child of children) {
    const prefix = regionScopePrefix(child.code, child.level);
    const members = regionCodes.filter((code) => code.startsWith(prefix));
    if (members.length === 0) continue;
    childRows.push(rollUp(cells, child.code, child.name, members, regions));
  }
  const direct = regionCodes.filter(
    (code) => !children.some((child) => code.startsWith(regionScopePrefix(child.code, child.level))),
  );
  if (direct.length > 0 && children.length > 0) {
    childRows.push(rollUp(cells, region.code, `${region.name}（本级）`, direct, regions));
  }

  // Enterprise rows once the region is small enough to list (a district, or a region without divisions).
  let enterprises: AggregateRow[] = [];
  if (children.length === 0 || isBelowProvince) {
    const filings = await readCountedFilings();
    const perEnterprise = sumFilings(task, filings, (row) => row.enterprise_id);
    const labels = new Map(
      filings.map((row) => [row.enterprise_id, `${row.enterprise_name}（${row.region_name}）`]),
    );
    enterprises = [...labels]
      .map(([id, label]) => ({
        key: id,
        label,
        filingCount: perEnterprise.counts.get(id) ?? 0,
        values: valuesOfGroup(perEnterprise, id, cells),
      }))
      .sort((a, b) => chineseOrder.compare(a.label, b.label));
  }

  const edition = getEdition(task.edition_id);
  const industryList = edition.codeLists.find((list) => list.id === 'industry');
  const sizeLabel = Object.fromEntries(
    Object.entries(ENTERPRISE_SIZE_CODES).map(([size, code]) => [
      code,
      ENTERPRISE_SIZE_LABELS[size as keyof typeof ENTERPRISE_SIZE_LABELS],
    ]),
  );
  const toRows = (group: GroupTotals, label: (key: string) => string) =>
    [...group.counts.keys()].sort().map((key) => ({
      key,
      label: label(key),
      filingCount: group.counts.get(key) ?? 0,
      values: valuesOfGroup(group, key, cells),
    }));

  const trendTotals = mergeTotals(task, trendRows, (row) => row.task_id);
  const trend = trendTasks.map((other) => {
    const values = trendTotals.values.get(other.id);
    return {
      period: other.period,
      periodLabel: formatPeriodLabel(other.period_type, other.period),
      filingCount: trendTotals.counts.get(other.id) ?? 0,
      values: Object.fromEntries(headlineIds.map((id) => [id, values?.[id] ?? null])),
    };
  });

  return {
    task: {
      id: task.id,
      name: task.name,
      periodLabel: formatPeriodLabel(task.period_type, task.period),
      periodType: task.period_type,
    },
    region: { code: region.code, name: region.name, level: region.level },
    includeSubmitted: query.includeSubmitted,
    comparisonPeriodLabel: lastYearTask
      ? formatPeriodLabel(lastYearTask.period_type, lastYearTask.period)
      : null,
    filingCount: current.count,
    lastYearFilingCount: lastYear?.count ?? 0,
    sameSetCount: sameSetNow?.count ?? 0,
    headlineIds,
    indicators,
    children: childRows,
    enterprises,
    byIndustry: toRows(industries, (code) =>
      `${code} ${(industryList && codeLabel(industryList, code)) ?? ''}`.trim(),
    ),
    bySize: toRows(sizes, (code) => sizeLabel[code] ?? '未划型'),
    byKeyEnterprise: toRows(keys, (flag) => (flag === 'true' ? '重点企业' : '非重点企业')),
    trend,
  };
}

function rollUp(
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
