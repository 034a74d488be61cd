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
  listEnterprisesByIds,
  sumCells,
  type AggregationGroup,
  type CellSumRow,
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

  const byGroup = async (groupBy: AggregationGroup, taskId = task.id, alsoCountedIn?: string) => {
    const [sums, counts] = await Promise.all([
      sumCells(ctx.db, { ...base, taskId, groupBy, alsoCountedIn }),
      countCountedFilings(ctx.db, { ...base, taskId, groupBy, alsoCountedIn }),
    ]);
    return {
      values: valuesByGroup(task, sums),
      counts: new Map(counts.map((row) => [row.group_key ?? '', row.filings])),
    };
  };
  const whole = async (taskId: string, alsoCountedIn?: string) => {
    const [sums, counts] = await Promise.all([
      sumCells(ctx.db, { ...base, taskId, groupBy: 'is_key_enterprise', alsoCountedIn }),
      countCountedFilings(ctx.db, { ...base, taskId, groupBy: 'is_key_enterprise', alsoCountedIn }),
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
      byGroup('region_code'),
      byGroup('industry_code'),
      byGroup('size_code'),
      byGroup('is_key_enterprise'),
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
    const info = await listEnterprisesByIds(ctx.db, [...perEnterprise.counts.keys()]);
    enterprises = info
      .map((row) => ({
        key: row.id,
        label: `${row.name}（${row.region_name}）`,
        filingCount: perEnterprise.counts.get(row.id) ?? 0,
        values: pick(perEnterprise.values.get(row.id), cells),
      }))
      .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
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
  const year = task.period.slice(0, 4);
  const trendTasks = tasks
    .filter(
      (other) =>
        other.period_type === task.period_type &&
        other.owner_region_code === task.owner_region_code &&
        (task.period_type === 'month' ? other.period.startsWith(year) : true),
    )
    .sort((a, b) => a.period.localeCompare(b.period));
  const trend = [];
  for (const other of trendTasks) {
    const totals = await whole(other.id);
    const values = pick(totals.values, cells);
    trend.push({
      period: other.period,
      periodLabel: formatPeriodLabel(other.period_type, other.period),
      filingCount: totals.count,
      values: Object.fromEntries(headlineIds.map((id) => [id, values[id] ?? null])),
    });
  }

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
