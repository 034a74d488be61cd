import type { AggregationAnalysis, Coverage, RankedEnterprise } from '@zhibao/contracts';
import { authorize, authorizeActor, can } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { figuresOf } from '../completeness/completeness-figures.ts';
import { listRegionObligations } from '../completeness/region-obligations.ts';
import { heavyReader } from '../db/read-routing.ts';
import { adminLevelOfRegion } from '../region/admin-level.ts';
import { findRegion, listChildRegions } from '../region/region.repository.ts';
import { headlineCell } from '../review/review-cells.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { priorYearTaskOf } from '../task/prior-year-task.ts';
import { listTasksWithOwnerRegion, type TaskWithOwnerRow } from '../task/task.repository.ts';
import {
  listTopEnterprises,
  sumMatchedCells,
  type MatchedTotalsRow,
} from './aggregation-analysis.repository.ts';
import {
  growthOf,
  indicatorCells,
  linearWeightsOf,
  mergeTotals,
  typedCellsFeeding,
  type GroupTotals,
} from './aggregation-indicators.ts';
import { listRegionTotals } from './aggregation.repository.ts';
import { centsOf, fromCents } from './exact-sum.ts';

/** How many enterprises each ranking lists. */
const topEnterprises = 10;

const percentOf = (part: number | null, whole: number | null) =>
  part === null || whole === null || whole === 0 ? null : Math.round((part / whole) * 10_000) / 100;

/** The month before a monthly period, across the turn of the year ('2026-01' → '2025-12'). */
function monthBefore(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The sum of one indicator over some keys of a group (exact, in cents); null when none of them holds it. */
function sumOver(group: GroupTotals, keys: Iterable<string>, id: string): number | null {
  let cents: number | null = null;
  for (const key of keys) {
    const value = centsOf(group.values.get(key)?.[id] ?? null);
    if (value !== null) cents = (cents ?? 0) + value;
  }
  return cents === null ? null : fromCents(cents);
}

/**
 * 分析: what a region's leaders ask of a task beside its totals — 应报/已报/已审 of the region and of each division,
 * the divisions ranked by the headline (软件业务收入) with 同比 and their contribution to the region's growth, the
 * top enterprises by value, by growth and by contribution, and for a monthly report 环比 of each amount (the
 * month's own amount against the month before's, the filings being cumulative over the year, over the same
 * enterprises in both: see monthOnMonthOf).
 */
export async function analyzeRegion(
  ctx: AppContext,
  actor: Actor,
  query: { taskId: string; regionCode?: string; includeSubmitted: boolean },
): Promise<AggregationAnalysis> {
  const admin = authorizeActor(actor, 'aggregation.read');
  const region = await findRegion(ctx.db, query.regionCode ?? admin.regionCode);
  authorize(admin, 'region.read', region);
  const tasks = await listTasksWithOwnerRegion(ctx.db);
  const task = tasks.find((row) => row.id === query.taskId);
  authorize(admin, 'aggregation.read', task);
  const readable = (other: TaskWithOwnerRow | undefined) =>
    other && can(admin, 'aggregation.read', other) ? other : undefined;
  const sameSurvey = (period: string) =>
    readable(
      tasks.find(
        (other) =>
          other.period_type === task.period_type &&
          other.owner_region_code === task.owner_region_code &&
          other.period === period,
      ),
    );
  const lastYearTask = readable(priorYearTaskOf(task, tasks));
  const previousMonth = task.period_type === 'month' ? sameSurvey(monthBefore(task.period)) : undefined;
  // The month before's own amount needs the month before it, unless it is a January.
  const monthBeforePrevious =
    previousMonth && !previousMonth.period.endsWith('-01')
      ? sameSurvey(monthBefore(previousMonth.period))
      : undefined;

  const regionPrefix = regionScopePrefix(region.code, region.level);
  const totalsBase = { regionPrefix, level: admin.adminLevel, includeSubmitted: query.includeSubmitted };
  const cells = indicatorCells(task);
  const headline = headlineCell(task.period_type);
  const headlineId = `${headline.formId}.${headline.key}`;
  const headlineDef = cells.find((cell) => cell.formId === headline.formId && cell.key === headline.key);
  const { db: reader } = await heavyReader(ctx);
  // 环比 reads the months it compares over the enterprises counted in each of them (the month before's own amount
  // needs the month before it, unless it is a January).
  const monthTasks = previousMonth
    ? [task, previousMonth, ...(monthBeforePrevious ? [monthBeforePrevious] : [])]
    : [];
  // 同口径增速 of each division below: the headline over the enterprises counted both now and a year before.
  const yearTasks = lastYearTask ? [task, lastYearTask] : [];

  const [rows, children, obligations, topRows, matchedRows, sameSetRows] = await Promise.all([
    listRegionTotals(ctx.db, {
      ...totalsBase,
      taskIds: [task, lastYearTask].filter((other) => other !== undefined).map((other) => other.id),
    }),
    listChildRegions(ctx.db, region.code),
    listRegionObligations(reader, task, region),
    listTopEnterprises(reader, {
      ...totalsBase,
      limit: topEnterprises,
      current: { taskId: task.id, cells: linearWeightsOf(task, headlineId) },
      lastYear: lastYearTask
        ? { taskId: lastYearTask.id, cells: linearWeightsOf(lastYearTask, headlineId) }
        : null,
    }),
    sumMatchedCells(reader, {
      ...totalsBase,
      taskIds: monthTasks.map((other) => other.id),
      cells: matchedCellsOf(monthTasks),
    }),
    sumMatchedCells(reader, {
      ...totalsBase,
      taskIds: yearTasks.map((other) => other.id),
      cells: matchedCellsOf(yearTasks, () => [headlineId]),
    }),
  ]);
  const byDivision = (taskId: string) =>
    mergeTotals(
      task,
      rows.filter((row) => row.task_id === taskId),
      (row) => row.group_key,
    );
  const current = byDivision(task.id);
  const lastYear = lastYearTask ? byDivision(lastYearTask.id) : null;
  const sameSetOf = (of: TaskWithOwnerRow) =>
    mergeTotals(
      of,
      sameSetRows
        .filter((row) => row.task_id === of.id)
        .map((row) => ({ ...row, group_key: row.region_code })),
      (row) => row.group_key,
    );
  const sameSet = lastYearTask ? { current: sameSetOf(task), lastYear: sameSetOf(lastYearTask) } : null;
  const divisions = [...new Set([...current.counts.keys(), ...(lastYear?.counts.keys() ?? [])])];
  const regionTotal = sumOver(current, divisions, headlineId);
  const regionLastYear = lastYear ? sumOver(lastYear, divisions, headlineId) : null;

  const coverageOf = (prefix: string, level: Parameters<typeof figuresOf>[1]): Coverage => {
    const figures = figuresOf(
      obligations.filter((fact) => fact.region_code.startsWith(prefix)),
      level,
    );
    return {
      expected: figures.expected,
      submitted: figures.submitted,
      approved: figures.approved,
      awaitingApplication: figures.awaitingApplication,
    };
  };
  // Each division below ranks with what it contains; enterprises registered at the region's own code (市本级) as one.
  const members = children.map((child) => {
    const prefix = regionScopePrefix(child.code, child.level);
    return {
      code: child.code,
      name: child.name,
      divisions: divisions.filter((code) => code.startsWith(prefix)),
      coverage: coverageOf(prefix, adminLevelOfRegion(child)),
    };
  });
  const direct = divisions.filter((code) => !members.some((member) => member.divisions.includes(code)));
  if (children.length > 0 && direct.length > 0) {
    members.push({
      code: region.code,
      name: `${region.name}（本级）`,
      divisions: direct,
      coverage: coverageOf(region.code, adminLevelOfRegion(region)),
    });
  }
  const regionRanking = members
    .filter((member) => member.divisions.length > 0 || member.coverage.expected > 0)
    .map((member) => {
      const total = sumOver(current, member.divisions, headlineId);
      const before = lastYear ? sumOver(lastYear, member.divisions, headlineId) : null;
      return {
        code: member.code,
        name: member.name,
        total,
        lastYear: before,
        growth: growthOf(total, before),
        sameSetGrowth: sameSet
          ? growthOf(
              sumOver(sameSet.current, member.divisions, headlineId),
              sumOver(sameSet.lastYear, member.divisions, headlineId),
            )
          : null,
        contribution: lastYear ? percentOf((total ?? 0) - (before ?? 0), regionLastYear) : null,
        share: percentOf(total, regionTotal),
        coverage: member.coverage,
      };
    })
    .sort((a, b) => (b.total ?? -Infinity) - (a.total ?? -Infinity));

  const rankingOf = (ranking: 'total' | 'growth' | 'contribution'): RankedEnterprise[] =>
    topRows
      .filter((row) => row.ranking === ranking)
      .map((row) => {
        const total = fromCents(centsOf(row.total)!);
        const before = row.last_year === null ? null : fromCents(centsOf(row.last_year)!);
        return {
          enterpriseId: row.enterprise_id,
          name: row.name,
          regionName: row.region_name,
          total,
          lastYear: before,
          growth: growthOf(total, before),
          contribution: lastYearTask ? percentOf(total - (before ?? 0), regionLastYear) : null,
        };
      });

  return {
    region: { code: region.code, name: region.name },
    headline: { id: headlineId, name: headlineDef?.name ?? headlineId, unit: headlineDef?.unit ?? null },
    comparisonPeriodLabel: lastYearTask
      ? formatPeriodLabel(lastYearTask.period_type, lastYearTask.period)
      : null,
    coverage: coverageOf(regionPrefix, adminLevelOfRegion(region)),
    monthOnMonth: previousMonth
      ? monthOnMonthOf(task, cells, previousMonth, monthBeforePrevious, matchedRows, ctx.now())
      : null,
    regionRanking,
    enterpriseRanking: {
      byTotal: rankingOf('total'),
      byGrowth: rankingOf('growth'),
      byContribution: rankingOf('contribution'),
    },
  };
}

const isMoney = (cell: { unit?: string | null }) => cell.unit === '万元' || cell.unit === '万美元';

/** The typed cells the given indicators (by default the amounts, 万元 and 万美元) of each task's edition are derived from, each once. */
function matchedCellsOf(
  tasks: TaskWithOwnerRow[],
  idsOf: (task: TaskWithOwnerRow) => string[] = (other) =>
    indicatorCells(other)
      .filter(isMoney)
      .map((cell) => `${cell.formId}.${cell.key}`),
): Array<{ formId: string; key: string }> {
  const cells = new Map<string, { formId: string; key: string }>();
  for (const other of tasks) {
    for (const cell of typedCellsFeeding(other, idsOf(other))) cells.set(`${cell.formId}.${cell.key}`, cell);
  }
  return [...cells.values()];
}

/**
 * 环比 of the amounts (万元, 万美元), like with like. The filings are cumulative over the year (本年累计), so an
 * enterprise's own amount of a month is its cumulative value minus its cumulative value of the month before (in
 * January the cumulative value itself). Both months are summed over the same enterprises: those counted in this
 * month, the month before and, unless the month before is a January, the month before that (同口径, as 同口径增速
 * is for 同比). Subtracting the totals over all filers instead — last month's over everyone, this month's over the
 * fewer who have filed while it is open — gave a district 当月数 of −80,725 and 环比 of −972%.
 */
function monthOnMonthOf(
  task: TaskWithOwnerRow,
  cells: ReturnType<typeof indicatorCells>,
  previous: TaskWithOwnerRow,
  beforePrevious: TaskWithOwnerRow | undefined,
  matched: MatchedTotalsRow[],
  now: Date,
): NonNullable<AggregationAnalysis['monthOnMonth']> {
  const rowsOf = (of: TaskWithOwnerRow | undefined) =>
    of ? matched.filter((row) => row.task_id === of.id) : [];
  const totalsOf = (of: TaskWithOwnerRow | undefined) => {
    const rows = rowsOf(of);
    if (!of || rows.length === 0) return () => null;
    const values = mergeTotals(
      of,
      rows.map((row) => ({ ...row, group_key: 'all' })),
      () => 'all',
    ).values.get('all');
    return (id: string) => values?.[id] ?? null;
  };
  const current = totalsOf(task);
  const then = totalsOf(previous);
  const earlier = totalsOf(beforePrevious);
  const isJanuary = (period: string) => period.endsWith('-01');
  const ownAmount = (cumulative: number | null, before: number | null, period: string) => {
    if (cumulative === null) return null;
    if (isJanuary(period)) return cumulative;
    return before === null ? null : fromCents(centsOf(cumulative)! - centsOf(before)!);
  };
  return {
    previousPeriodLabel: formatPeriodLabel(previous.period_type, previous.period),
    sameSetCount: rowsOf(task).reduce((count, row) => count + row.filings, 0),
    isProvisional: now < task.closes_at,
    indicators: cells.filter(isMoney).map((cell) => {
      const id = `${cell.formId}.${cell.key}`;
      const month = ownAmount(current(id), then(id), task.period);
      // Without the month before's month before (and it not a January), its own amount is unknown: 当月数 alone.
      const previousMonth = ownAmount(then(id), earlier(id), previous.period);
      return {
        id,
        name: cell.name,
        unit: cell.unit ?? null,
        month,
        previousMonth,
        growth: growthOf(month, previousMonth),
      };
    }),
  };
}
