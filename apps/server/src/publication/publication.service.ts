import type { PublicationQuery, PublicationReport, PublicationRow } from '@zhibao/contracts';
import {
  buildDisclosureTable,
  disclosureRulesOf,
  protectTable,
  type Contribution,
  type HierarchyCode,
} from '@zhibao/statistics';
import { codeLabel, getEdition } from '@zhibao/survey';
import loadHighs, { type Highs } from 'highs';
import type { Actor } from '../access/actor.ts';
import { authorize, authorizeActor, can } from '../access/policy.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { listCountedFilings } from '../aggregation/aggregation.repository.ts';
import { growthOf, headlineWithClasses } from '../aggregation/aggregation-indicators.ts';
import { centsOf, fromCents } from '../aggregation/exact-sum.ts';
import { findRegion, listChildRegions } from '../region/region.repository.ts';
import { deriveValues, numericValue } from '../review/review-cells.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { priorYearTaskOf } from '../task/prior-year-task.ts';
import { listTasksWithOwnerRegion } from '../task/task.repository.ts';

// 对外发布: what a region may publish of a task — 软件业务收入 and its four classes by child region × industry —
// with every cell the disclosure rules of the survey edition hide (统计法第二十五条: nothing that identifies a
// respondent), found and audited by packages/statistics. Only filings approved at the administrator's level count.

let highsRuntime: Promise<Highs> | undefined;
const highs = () => (highsRuntime ??= loadHighs());

const ALL_INDUSTRIES = '合计';

/** The publication table of a task for a region, every cell with whether and why it is suppressed. */
export async function protectRegionPublication(
  ctx: AppContext,
  actor: Actor,
  query: PublicationQuery,
): Promise<PublicationReport> {
  const admin = authorizeActor(actor, 'aggregation.read');
  const region = await findRegion(ctx.db, query.regionCode ?? admin.regionCode);
  authorize(admin, 'region.read', region);
  const tasks = await listTasksWithOwnerRegion(ctx.db);
  const task = tasks.find((row) => row.id === query.taskId);
  authorize(admin, 'aggregation.read', task);
  const prior = priorYearTaskOf(task, tasks);
  const lastYearTask = prior && can(admin, 'aggregation.read', prior) ? prior : undefined;

  const edition = getEdition(task.edition_id);
  const rules = disclosureRulesOf(edition.parameters);
  const columns = headlineWithClasses(task);
  const [total] = columns;
  const classes = columns.slice(1);

  const counted = (taskId: string) =>
    listCountedFilings(ctx.db, {
      taskId,
      regionPrefix: regionScopePrefix(region.code, region.level),
      level: admin.adminLevel,
      includeSubmitted: false,
    });
  const [filings, lastYearFilings, children] = await Promise.all([
    counted(task.id),
    lastYearTask ? counted(lastYearTask.id) : Promise.resolve(null),
    listChildRegions(ctx.db, region.code),
  ]);
  const childOf = (regionCode: string) =>
    children.find((child) => regionCode.startsWith(regionScopePrefix(child.code, child.level)))?.code ??
    region.code;
  const regionLabels = new Map<string, string>([[region.code, region.name]]);
  for (const child of children) regionLabels.set(child.code, child.name);
  const ownLevel = `${region.code}*`;
  regionLabels.set(ownLevel, `${region.name}（本级）`);

  const contributions: Contribution[] = [];
  const usedRegions = new Set<string>();
  const industries = new Set<string>();
  for (const filing of filings) {
    const child = children.length === 0 ? region.code : childOf(filing.region_code);
    const regionLeaf = child === region.code && children.length > 0 ? ownLevel : child;
    usedRegions.add(regionLeaf);
    industries.add(filing.industry_code);
    // Computed cells (嵌入式系统软件收入) derived as 汇总 derives them.
    const values = deriveValues(task.edition_id, task.period_type, filing.cell_values);
    for (const cell of classes.length > 0 ? classes : columns) {
      const value = numericValue(values, cell.formId, cell.key);
      if (value === null || value === 0) continue;
      contributions.push({
        coordinates: [regionLeaf, filing.industry_code, cell.key],
        contributor: filing.enterprise_id,
        value,
      });
    }
  }
  const regionCodes: HierarchyCode[] =
    children.length === 0
      ? [{ code: region.code, parent: null }]
      : [
          { code: region.code, parent: null },
          ...[...usedRegions].sort().map((code) => ({ code, parent: region.code })),
        ];
  const groups = new Set([...industries].map((code) => code.slice(0, 2)));
  const industryCodes: HierarchyCode[] = [
    { code: ALL_INDUSTRIES, parent: null },
    ...[...groups].sort().map((code) => ({ code, parent: ALL_INDUSTRIES })),
    ...[...industries].sort().map((code) => ({ code, parent: code.slice(0, 2) })),
  ];
  const indicatorCodes: HierarchyCode[] =
    classes.length > 0
      ? [
          { code: total!.key, parent: null },
          ...classes.map((cell) => ({ code: cell.key, parent: total!.key })),
        ]
      : columns.map((cell) => ({ code: cell.key, parent: null }));
  const table = buildDisclosureTable(
    [
      { name: '地区', codes: regionCodes },
      { name: '行业', codes: industryCodes },
      { name: '指标', codes: indicatorCodes },
    ],
    contributions,
  );
  const result = protectTable(await highs(), table, rules);
  const intervals = new Map(result.intervals.map((interval) => [interval.cell, interval]));

  const industryList = edition.codeLists.find((list) => list.id === 'industry');
  const industryLabel = (code: string) =>
    code === ALL_INDUSTRIES
      ? '全部行业'
      : code.length === 2
        ? `${code} ${code === '65' ? '软件和信息技术服务业' : code === '64' ? '互联网和相关服务' : ''}`.trim()
        : `${code} ${(industryList && codeLabel(industryList, code)) ?? ''}`.trim();
  const cellAt = new Map(table.cells.map((cell) => [cell.coordinates.join('|'), cell]));
  const rows: PublicationRow[] = [];
  for (const regionCode of regionCodes)
    for (const industryCode of industryCodes)
      rows.push({
        regionCode: regionCode.code.replace('*', ''),
        regionLabel: regionLabels.get(regionCode.code) ?? regionCode.code,
        industryCode: industryCode.code,
        industryLabel: industryLabel(industryCode.code),
        regionDepth: regionCode.parent === null ? 0 : 1,
        industryDepth: industryCode.parent === null ? 0 : industryCode.code.length === 2 ? 1 : 2,
        cells: indicatorCodes.map((indicator) => {
          const cell = cellAt.get([regionCode.code, industryCode.code, indicator.code].join('|'));
          const interval = cell ? intervals.get(cell.index) : undefined;
          return {
            value: Math.round((cell?.value ?? 0) * 100) / 100,
            isSuppressed: cell !== undefined && result.reasons.has(cell.index),
            reasons: (cell && result.reasons.get(cell.index)) ?? [],
            lower: interval ? roundedBound(interval.lower) : null,
            upper: interval ? roundedBound(interval.upper) : null,
            requiredProtection: interval ? Math.round(interval.required * 100) / 100 : null,
          };
        }),
      });

  // 增速 of the headline: last year's total summed as this year's (exact, in cents), published only beside a
  // published total of a closed period — an open month's total still grows until its deadline.
  const headlineTotalOf = (rows: NonNullable<typeof lastYearFilings>, edition: string) => {
    let cents = 0;
    for (const filing of rows) {
      const values = deriveValues(edition, task.period_type, filing.cell_values);
      cents += centsOf(numericValue(values, total!.formId, total!.key)) ?? 0;
    }
    return rows.length === 0 ? null : fromCents(cents);
  };
  const totalCell = cellAt.get([region.code, ALL_INDUSTRIES, total!.key].join('|'));
  const growth =
    lastYearTask && lastYearFilings
      ? growthOf(
          headlineTotalOf(filings, task.edition_id),
          headlineTotalOf(lastYearFilings, lastYearTask.edition_id),
        )
      : null;
  const growthStatus =
    growth === null
      ? ('unavailable' as const)
      : ctx.now() < task.closes_at
        ? ('provisional' as const)
        : totalCell !== undefined && result.reasons.has(totalCell.index)
          ? ('suppressed' as const)
          : ('published' as const);

  const reasons = [...result.reasons.values()];
  return {
    task: { id: task.id, name: task.name, periodLabel: formatPeriodLabel(task.period_type, task.period) },
    region: { code: region.code, name: region.name },
    rules,
    columns: columns.map((cell) => ({ id: cell.key, name: cell.name, unit: cell.unit })),
    rows,
    filingCount: filings.length,
    primaryCount: reasons.filter((list) => list[0] !== 'secondary').length,
    secondaryCount: reasons.filter((list) => list[0] === 'secondary').length,
    isProtected: result.isProtected,
    headlineGrowth: {
      name: total!.name,
      comparisonPeriodLabel: lastYearTask
        ? formatPeriodLabel(lastYearTask.period_type, lastYearTask.period)
        : null,
      // Only a published 增速 leaves the server's hands in the file; the administrator sees the figure here.
      growth,
      status: growthStatus,
    },
  };
}

/** An unbounded side (no published cell limits it) as null, the rest to the cent. */
function roundedBound(value: number): number | null {
  return Number.isFinite(value) ? Math.round(value * 100) / 100 : null;
}
