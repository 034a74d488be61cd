import type { AggregateRow, AggregationBasis, AggregationReport, IndicatorTotal } from '@zhibao/contracts';
import { codeLabel, ENTERPRISE_SIZE_CODES, ENTERPRISE_SIZE_LABELS, getEdition } from '@zhibao/survey';
import { authorize, authorizeActor, can } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { AdminLevel } from '../db/schema.ts';
import { heavyReader } from '../db/read-routing.ts';
import { findRegion, listChildRegions } from '../region/region.repository.ts';
import { headlineCell, numericValue } from '../review/review-cells.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { priorYearTaskOf } from '../task/prior-year-task.ts';
import { countExpectedByTask } from '../task/task-obligation.repository.ts';
import { listTasksWithOwnerRegion } from '../task/task.repository.ts';
import { centsOf } from './exact-sum.ts';
import { addEstimates, estimateRegionNonRespondents, type RegionEstimates } from './aggregation-estimates.ts';
import {
  listAttributeTotals,
  listCountedFilings,
  listRegionTotals,
  sumSameSetCells,
  sumTaskTotals,
} from './aggregation.repository.ts';
import {
  chineseOrder,
  typedNumericCells,
  typedCellsFeeding,
  indicatorCells,
  type IndicatorValues,
  type GroupTotals,
  valuesOfGroup,
  mergeTotals,
  type SummableFiling,
  sumFilings,
  growthOf,
  rollUp,
} from './aggregation-indicators.ts';

async function loadRelevantTask(ctx: AppContext, admin: Actor, taskId: string) {
  const tasks = await listTasksWithOwnerRegion(ctx.db);
  const task = tasks.find((row) => row.id === taskId);
  authorize(admin, 'aggregation.read', task);
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
  query: {
    taskId: string;
    regionCode?: string;
    includeSubmitted: boolean;
    basis?: AggregationBasis;
    /** The level whose review counts (a pass-up's own region's, when an upper level passes it up in its place). */
    countedAt?: AdminLevel;
    /** Leaves the year's trend out: the 汇总表, and the pass-up that freezes it, draw none. */
    withoutTrend?: boolean;
  },
): Promise<AggregationReport> {
  const admin = authorizeActor(actor, 'aggregation.read');
  const level = query.countedAt ?? admin.adminLevel;
  const basis = query.basis ?? 'reported';
  const region = await findRegion(ctx.db, query.regionCode ?? admin.regionCode);
  authorize(admin, 'region.read', region);
  const { task, tasks } = await loadRelevantTask(ctx, admin, query.taskId);
  const regionPrefix = regionScopePrefix(region.code, region.level);
  const cells = indicatorCells(task);
  const typedCells = typedNumericCells(task);
  const base = {
    taskId: task.id,
    regionPrefix,
    level,
    includeSubmitted: query.includeSubmitted,
  };
  // The sums over filings run on the read replica when there is one (DATABASE_READ_URL) and it has replayed this
  // administrator's own last write; the report then says how current its figures are.
  const { db: reader, freshness } = await heavyReader(ctx);
  const priorTask = priorYearTaskOf(task, tasks);
  const lastYearTask = priorTask && can(admin, 'aggregation.read', priorTask) ? priorTask : undefined;

  // Summed from the filings on read: the enterprise rows of a small region and the 行业/规模/重点 breakdowns
  // below a province, all from one read of the region's counted filings (at most once per report).
  let countedFilings: Promise<SummableFiling[]> | undefined;
  const readCountedFilings = () =>
    (countedFilings ??= listCountedFilings(reader, base).then((rows) =>
      rows.map((row) => ({
        ...row,
        cents: typedCells.map((cell) => centsOf(numericValue(row.cell_values, cell.formId, cell.key))),
      })),
    ));
  const year = task.period.slice(0, 4);
  const trendTasks = (query.withoutTrend ? [] : tasks)
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

  // Read from the totals the database keeps up to date (a few thousand rows for the whole country) plus the
  // changes the outbox worker has not folded into them yet: the totals and divisions of every period, and the
  // 行业/规模/重点 breakdowns of a province or the nation; each table read once, nothing written. On the primary,
  // so a total never misses an approval however recent. Below a province the totals end there (no 行业/规模/重点
  // totals): the region's filings are read instead.
  const isBelowProvince = region.level === 'city' || region.level === 'county';
  const totalsBase = { regionPrefix, level, includeSubmitted: query.includeSubmitted };
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
      ? [await sumSameSetCells(reader, { ...base, taskId, alsoCountedIn, cells: typedCells })]
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
    trendExpected,
    estimates,
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
    countExpectedByTask(ctx.db, { taskIds: trendTasks.map((other) => other.id), regionPrefix }),
    basis === 'with-estimates'
      ? estimateRegionNonRespondents(ctx, reader, task, tasks, regionPrefix, {
          level,
          includeSubmitted: query.includeSubmitted,
        })
      : Promise.resolve(null),
  ]);
  // 含推算: the estimates of the region's non-respondents, summed per key like counted filings and added.
  const estimatedBy = (keyOf: (filing: RegionEstimates['filings'][number]) => string) =>
    estimates ? sumFilings(task, estimates.filings, keyOf) : null;
  const withEstimates = (reported: GroupTotals, estimated: GroupTotals | null) =>
    estimated ? addEstimates(task, reported, estimated) : reported;
  const estimatedAll = estimatedBy(() => 'all');
  const estimatedRegions = estimatedBy((filing) => filing.region_code);

  const indicators: IndicatorTotal[] = cells.map((cell) => {
    const id = `${cell.formId}.${cell.key}`;
    const valueIn = (values: IndicatorValues | undefined) => values?.[id] ?? null;
    const estimatedTotal = estimatedAll ? (valueIn(estimatedAll.values.get('all')) ?? 0) : null;
    const reportedTotal = valueIn(current.values);
    const total =
      estimatedTotal === null || (reportedTotal === null && estimatedTotal === 0)
        ? reportedTotal
        : Math.round(((reportedTotal ?? 0) + estimatedTotal) * 100) / 100;
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
      estimatedTotal,
    };
  });

  // Each counted enterprise's division rolls up into the child region containing it; one registered at the
  // region's own code (a city's 市本级) forms a row of its own.
  const childRows: AggregateRow[] = [];
  const allRegions = withEstimates(regions, estimatedRegions);
  const regionCodes = [...new Set([...regions.counts.keys(), ...(estimatedRegions?.counts.keys() ?? [])])];
  const rowOf = (key: string, label: string, members: string[]): AggregateRow => {
    const row = rollUp(cells, key, label, members, allRegions);
    return estimatedRegions
      ? { ...row, estimatedValues: rollUp(cells, key, label, members, estimatedRegions).values }
      : row;
  };
  for (const child of children) {
    const prefix = regionScopePrefix(child.code, child.level);
    const members = regionCodes.filter((code) => code.startsWith(prefix));
    if (members.length === 0) continue;
    childRows.push(rowOf(child.code, child.name, members));
  }
  const direct = regionCodes.filter(
    (code) => !children.some((child) => code.startsWith(regionScopePrefix(child.code, child.level))),
  );
  if (direct.length > 0 && children.length > 0) {
    childRows.push(rowOf(region.code, `${region.name}（本级）`, direct));
  }

  // Enterprise rows once the region is small enough to list (a district, or a region without divisions).
  let enterprises: AggregateRow[] = [];
  if (children.length === 0 || isBelowProvince) {
    const filings = await readCountedFilings();
    const perEnterprise = sumFilings(task, filings, (row) => row.enterprise_id);
    const labels = new Map(
      filings.map((row) => [row.enterprise_id, `${row.enterprise_name}（${row.region_name}）`]),
    );
    const estimatedEnterprises = estimatedBy((filing) => filing.enterprise_id);
    enterprises = [
      ...[...labels].map(([id, label]) => ({
        key: id,
        label,
        filingCount: perEnterprise.counts.get(id) ?? 0,
        values: valuesOfGroup(perEnterprise, id, cells),
      })),
      ...(estimates?.filings ?? []).map((filing) => ({
        key: filing.enterprise_id,
        label: `${filing.enterprise_name}（${filing.region_name}）`,
        filingCount: 0,
        values: valuesOfGroup(estimatedEnterprises!, filing.enterprise_id, cells),
        isEstimated: true,
      })),
    ].sort((a, b) => chineseOrder.compare(a.label, b.label));
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

  // A period whose filing window is still open is drawn as such: its totals grow until the deadline.
  const trendTotals = mergeTotals(task, trendRows, (row) => row.task_id);
  const now = ctx.now();
  const trend = trendTasks.map((other) => {
    const values = trendTotals.values.get(other.id);
    return {
      period: other.period,
      periodLabel: formatPeriodLabel(other.period_type, other.period),
      filingCount: trendTotals.counts.get(other.id) ?? 0,
      expectedCount: trendExpected.get(other.id) ?? 0,
      isProvisional: now < other.closes_at,
      values: Object.fromEntries(headlineIds.map((id) => [id, values?.[id] ?? null])),
    };
  });

  const report: AggregationReport = {
    task: {
      id: task.id,
      name: task.name,
      periodLabel: formatPeriodLabel(task.period_type, task.period),
      periodType: task.period_type,
    },
    region: { code: region.code, name: region.name, level: region.level },
    includeSubmitted: query.includeSubmitted,
    freshness,
    basis,
    estimation: estimates
      ? {
          estimatedCount: estimates.filings.length,
          respondentCount: estimates.respondentCount,
          methodCounts: estimates.methodCounts,
          computedAt: estimates.computedAt.toISOString(),
          filedSinceCount: estimates.filedSinceCount,
        }
      : null,
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
    byIndustry: toRows(
      withEstimates(
        industries,
        estimatedBy((filing) => filing.industry_code),
      ),
      (code) => `${code} ${(industryList && codeLabel(industryList, code)) ?? ''}`.trim(),
    ),
    bySize: toRows(
      withEstimates(
        sizes,
        estimatedBy((filing) => filing.size_code ?? ''),
      ),
      (code) => sizeLabel[code] ?? '未划型',
    ),
    byKeyEnterprise: toRows(
      withEstimates(
        keys,
        estimatedBy((filing) => String(filing.is_key_enterprise)),
      ),
      (flag) => (flag === 'true' ? '重点企业' : '非重点企业'),
    ),
    trend,
  };
  // 含推算 served the estimates kept: whether they are still current is checked (and they are recomputed in the
  // background if not) from now, the report being complete, so that neither slows this read.
  estimates?.checkFreshness?.();
  return report;
}
