import type {
  AggregationAnalysis,
  AggregationReport,
  Coverage,
  RankedEnterprise,
  RankedRegion,
} from '@zhibao/contracts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { requireCjkFont } from '../export/cjk-font.ts';
import { listTasksWithOwnerRegion } from '../task/task.repository.ts';
import { analyzeRegion } from './aggregation-analysis.service.ts';
import { headlineWithClasses } from './aggregation-indicators.ts';
import { aggregateRegion } from './aggregation.service.ts';
import { buildRegionBriefingPdf } from './region-briefing-pdf.ts';

/** How many divisions and enterprises the one page ranks. */
export const BRIEFING_DIVISIONS = 10;
export const BRIEFING_ENTERPRISES = 5;

/** One key figure of the briefing: 本期, 去年同期, 增速 and, under 含推算, the estimated share (%). */
export interface BriefingFigure {
  name: string;
  unit: string | null;
  total: number | null;
  lastYear: number | null;
  growth: number | null;
  estimatedShare: number | null;
}

/** 地区简报: what a region's leaders read on one page, drawn from the 汇总 and the analysis of the same query. */
export interface RegionBriefing {
  regionName: string;
  regionCode: string;
  taskName: string;
  periodLabel: string;
  comparisonPeriodLabel: string | null;
  basisLabel: string;
  /** The period's filing window is still open: its figures, and their growth, are provisional (初步). */
  isProvisional: boolean;
  headlineName: string;
  headlineUnit: string | null;
  figures: BriefingFigure[];
  coverage: Coverage;
  /** Under 含推算: how many obliged enterprises were estimated. */
  estimatedCount: number | null;
  regions: RankedRegion[];
  enterprises: RankedEnterprise[];
  reportedOn: Date;
}

const shareOf = (part: number | null, whole: number | null) =>
  part === null || whole === null || whole === 0 ? null : Math.round((part / whole) * 10_000) / 100;

/** The briefing's content from a 汇总 report and the analysis of the same task and region. */
export function briefingOf(
  report: AggregationReport,
  analysis: AggregationAnalysis,
  figureIds: string[],
  reportedOn: Date,
): RegionBriefing {
  const current = report.trend.find((point) => point.periodLabel === report.task.periodLabel);
  return {
    regionName: report.region.name,
    regionCode: report.region.code,
    taskName: report.task.name,
    periodLabel: report.task.periodLabel,
    comparisonPeriodLabel: report.comparisonPeriodLabel,
    basisLabel: report.basis === 'with-estimates' ? '含推算' : report.includeSubmitted ? '含待审' : '仅实报',
    isProvisional: current?.isProvisional ?? false,
    headlineName: analysis.headline.name,
    headlineUnit: analysis.headline.unit,
    figures: figureIds
      .map((id) => report.indicators.find((indicator) => indicator.id === id))
      .filter((indicator) => indicator !== undefined)
      .map((indicator) => ({
        name: indicator.name,
        unit: indicator.unit,
        total: indicator.total,
        lastYear: indicator.lastYear,
        growth: indicator.growth,
        estimatedShare:
          report.basis === 'with-estimates'
            ? (shareOf(indicator.estimatedTotal, indicator.total) ?? 0)
            : null,
      })),
    coverage: analysis.coverage,
    estimatedCount: report.estimation?.estimatedCount ?? null,
    regions: analysis.regionRanking.slice(0, BRIEFING_DIVISIONS),
    enterprises: analysis.enterpriseRanking.byTotal.slice(0, BRIEFING_ENTERPRISES),
    reportedOn,
  };
}

/**
 * 地区简报 (PDF): key figures with growth, coverage, the divisions ranked with a chart, the top enterprises — one
 * page of A4 for the region's leaders. The 汇总 and the analysis check the administrator's access first.
 */
export async function exportRegionBriefing(
  ctx: AppContext,
  actor: Actor,
  query: Parameters<typeof analyzeRegion>[2] & Parameters<typeof aggregateRegion>[2],
) {
  const [report, analysis] = await Promise.all([
    aggregateRegion(ctx, actor, query),
    analyzeRegion(ctx, actor, query),
  ]);
  const task = (await listTasksWithOwnerRegion(ctx.db)).find((row) => row.id === report.task.id)!;
  const figureIds = [
    ...new Set([
      ...headlineWithClasses(task).map((cell) => `${cell.formId}.${cell.key}`),
      ...report.headlineIds,
    ]),
  ];
  const briefing = briefingOf(report, analysis, figureIds, ctx.now());
  const font = await requireCjkFont(ctx.config.cjkFontPath);
  return {
    fileName: `地区简报-${briefing.regionName}-${briefing.periodLabel}.pdf`,
    content: await buildRegionBriefingPdf(briefing, font),
    format: 'pdf' as const,
  };
}
