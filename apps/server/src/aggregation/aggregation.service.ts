import {
  codeLabel,
  ENTERPRISE_SIZE_CODES,
  ENTERPRISE_SIZE_LABELS,
  getEdition,
  type CellDefinition,
} from '@zhibao/survey';
import { requireAdminActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { CellValues, RegionLevel } from '../db/schema.ts';
import { notFound } from '../http/app-error.ts';
import { assertAdminSeesRegion } from '../region/region.policy.ts';
import { findRegion, listChildRegions } from '../region/region.repository.ts';
import { cellIndexOf, deriveValues, headlineCell } from '../review/review-cells.ts';
import { formatPeriodLabel, samePeriodLastYearOf } from '../task/period.ts';
import { listTasksWithOwnerRegion, type TaskWithOwnerRow } from '../task/task.repository.ts';
import { isTaskRelevantTo } from '../task/task.service.ts';
import {
  countCountedFilings,
  foldAggregationDeltas,
  listAttributeTotals,
  listEnterprisesByIds,
  listRegionTotals,
  sumCells,
  sumTaskTotals,
  type AggregationGroup,
  type CellSumRow,
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

function indicatorCells(task: TaskWithOwnerRow): CellDefinition[] {
  return [...cellIndexOf(task.edition_id, task.period_type).values()].filter((cell) =>
    summable.has(cell.type),
  );
}

/** Sums per group, with the computed cells (合计) derived from the summed typed cells. */
function valuesByGroup(task: TaskWithOwnerRow, rows: CellSumRow[]): Map<string, CellValues> {
  const typed = new Map<string, CellValues>();
  for (const row of rows) {
    const key = row.group_key ?? '';
    const values = typed.get(key) ?? {};
    (values[row.form_id] ??= {})[row.cell_key] = Number(row.total);
    typed.set(key, values);
  }
  return new Map(
    [...typed].map(([key, values]) => [key, deriveValues(task.edition_id, task.period_type, values)]),
  );
}

interface GroupTotals {
  values: Map<string, CellValues>;
  counts: Map<string, number>;
}

/** Kept totals rows summed per key, with the computed cells (合计) derived from the summed typed cells. */
function mergeTotals(
  task: TaskWithOwnerRow,
  rows: TotalsRow[],
  keyOf: (row: TotalsRow) => string,
): GroupTotals {
  const typed = new Map<string, CellValues>();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(row);
    counts.set(key, (counts.get(key) ?? 0) + row.filings);
    const values = typed.get(key) ?? {};
    for (const [formId, cells] of Object.entries(row.totals)) {
      const form = (values[formId] ??= {});
      for (const [cellKey, total] of Object.entries(cells)) {
        form[cellKey] = Number(form[cellKey] ?? 0) + Number(total);
      }
    }
    typed.set(key, values);
  }
  return {
    values: new Map(
      [...typed].map(([key, values]) => [key, deriveValues(task.edition_id, task.period_type, values)]),
    ),
    counts,
  };
}

function pick(values: CellValues | undefined, cells: CellDefinition[]): Record<string, number | null> {
  return Object.fromEntries(
    cells.map((cell) => {
      const value = values?.[cell.formId]?.[cell.key];
      return [`${cell.formId}.${cell.key}`, typeof value === 'number' ? Math.round(value * 100) / 100 : null];
    }),
  );
}

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

  // Summed from each filing's JSON on read: the enterprise rows of a small region, the 行业/规模/重点 breakdowns
  // below a province, and 同口径 (which needs to know which enterprises filed both periods).
  const byGroup = async (groupBy: AggregationGroup, taskId = task.id, alsoCountedIn?: string) => {
    const [sums, counts] = await Promise.all([
      sumCells(readerOf(ctx), { ...base, taskId, groupBy, alsoCountedIn, cells: typedCells }),
      countCountedFilings(readerOf(ctx), { ...base, taskId, groupBy, alsoCountedIn }),
    ]);
    return {
      values: valuesByGroup(task, sums),
      counts: new Map(counts.map((row) => [row.group_key ?? '', row.filings])),
    };
  };
  const year = task.period.slice(0, 4);
  const trendTasks = tasks
    .filter(
      (other) =>
        other.period_type === task.period_type &&
        other.owner_region_code === task.owner_region_code &&
        (task.period_type === 'month' ? other.period.startsWith(year) : true),
    )
    .sort((a, b) => a.period.localeCompare(b.period));

  // Read from the totals the database keeps up to date (a few thousand rows for the whole country): the totals
  // and divisions of every period, and the 行业/规模/重点 breakdowns of a province or the nation; each table read
  // once. Always on the primary: the latest changes are folded into the totals first, which writes.
  await foldAggregationDeltas(ctx.db);
  const totalsBase = { regionPrefix, level: admin.adminLevel, includeSubmitted: query.includeSubmitted };
  const keptRegionRows = listRegionTotals(ctx.db, {
    ...totalsBase,
    taskIds: lastYearTask ? [task.id, lastYearTask.id] : [task.id],
  });
  const regionRowsOf = async (taskId: string) =>
    (await keptRegionRows).filter((row) => row.task_id === taskId);
  const keptAttributeRows =
    region.level === 'nation' || region.level === 'province'
      ? listAttributeTotals(ctx.db, { ...totalsBase, taskId: task.id, provincePrefix: regionPrefix })
      : null;
  const attributeGroup = async (groupBy: 'industry_code' | 'size_code' | 'is_key_enterprise') => {
    if (!keptAttributeRows) return byGroup(groupBy);
    const part = { industry_code: 1, size_code: 2, is_key_enterprise: 3 }[groupBy];
    return mergeTotals(task, await keptAttributeRows, (row) => row.group_key.split('|')[part]!);
  };
  const whole = async (taskId: string, alsoCountedIn?: string) => {
    if (!alsoCountedIn) {
      const totals = mergeTotals(task, await regionRowsOf(taskId), () => 'all');
      return { values: totals.values.get('all'), count: totals.counts.get('all') ?? 0 };
    }
    const [sums, counts] = await Promise.all([
      sumCells(readerOf(ctx), {
        ...base,
        taskId,
        groupBy: 'is_key_enterprise',
        alsoCountedIn,
        cells: typedCells,
      }),
      countCountedFilings(readerOf(ctx), { ...base, taskId, groupBy: 'is_key_enterprise', alsoCountedIn }),
    ]);
    const merged = sums.map((row) => ({ ...row, group_key: 'all' }));
    return {
      values: valuesByGroup(task, mergeRows(merged)).get('all'),
      count: counts.reduce((sum, row) => sum + row.filings, 0),
    };
  };

  const [current, lastYear, sameSetNow, sameSetBefore, regions, industries, sizes, keys, children] =
    await Promise.all([
      whole(task.id),
      lastYearTask ? whole(lastYearTask.id) : Promise.resolve(null),
      lastYearTask ? whole(task.id, lastYearTask.id) : Promise.resolve(null),
      lastYearTask ? whole(lastYearTask.id, task.id) : Promise.resolve(null),
      regionRowsOf(task.id).then((rows) => mergeTotals(task, rows, (row) => row.group_key)),
      attributeGroup('industry_code'),
      attributeGroup('size_code'),
      attributeGroup('is_key_enterprise'),
      listChildRegions(ctx.db, region.code),
    ]);

  const indicators: IndicatorTotal[] = cells.map((cell) => {
    const id = `${cell.formId}.${cell.key}`;
    const valueIn = (values: CellValues | undefined) => pick(values, [cell])[id] ?? null;
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
  if (children.length === 0 || region.level === 'county' || region.level === 'city') {
    const perEnterprise = await byGroup('enterprise_id');
    const info = await listEnterprisesByIds(readerOf(ctx), [...perEnterprise.counts.keys()]);
    enterprises = info
      .map((row) => ({
        key: row.id,
        label: `${row.name}（${row.region_name}）`,
        filingCount: perEnterprise.counts.get(row.id) ?? 0,
        values: pick(perEnterprise.values.get(row.id), cells),
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
  const toRows = (
    group: { values: Map<string, CellValues>; counts: Map<string, number> },
    label: (key: string) => string,
  ) =>
    [...group.counts.keys()].sort().map((key) => ({
      key,
      label: label(key),
      filingCount: group.counts.get(key) ?? 0,
      values: pick(group.values.get(key), cells),
    }));

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
  const trendTotals = mergeTotals(
    task,
    await sumTaskTotals(ctx.db, {
      ...totalsBase,
      taskIds: trendTasks.map((other) => other.id),
      cells: typedCellsFeeding(task, headlineIds),
    }),
    (row) => row.task_id,
  );
  const trend = trendTasks.map((other) => {
    const values = pick(trendTotals.values.get(other.id), cells);
    return {
      period: other.period,
      periodLabel: formatPeriodLabel(other.period_type, other.period),
      filingCount: trendTotals.counts.get(other.id) ?? 0,
      values: Object.fromEntries(headlineIds.map((id) => [id, values[id] ?? null])),
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

// Rows of several groups summed into one (group_key already unified by the caller).
function mergeRows(rows: CellSumRow[]): CellSumRow[] {
  const merged = new Map<string, CellSumRow>();
  for (const row of rows) {
    const id = `${row.group_key}|${row.form_id}|${row.cell_key}`;
    const existing = merged.get(id);
    if (existing) {
      existing.total = Number(existing.total) + Number(row.total);
      existing.filings += row.filings;
    } else merged.set(id, { ...row, total: Number(row.total) });
  }
  return [...merged.values()];
}

function rollUp(
  cells: CellDefinition[],
  key: string,
  label: string,
  members: string[],
  regions: { values: Map<string, CellValues>; counts: Map<string, number> },
): AggregateRow {
  // Sum the derived values of the member divisions; every summable cell is additive.
  const values: Record<string, number | null> = {};
  for (const member of members) {
    const memberValues = pick(regions.values.get(member), cells);
    for (const [id, value] of Object.entries(memberValues)) {
      if (value === null) continue;
      values[id] = Math.round(((values[id] ?? 0) + value) * 100) / 100;
    }
  }
  return {
    key,
    label,
    filingCount: members.reduce((sum, member) => sum + (regions.counts.get(member) ?? 0), 0),
    values: Object.fromEntries(
      cells.map((cell) => [`${cell.formId}.${cell.key}`, values[`${cell.formId}.${cell.key}`] ?? null]),
    ),
  };
}
