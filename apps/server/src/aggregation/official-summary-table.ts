import type {
  AggregateRow,
  AggregationReport,
  OfficialSummaryTable,
  SummaryFigures,
  SummaryRow,
} from '@zhibao/contracts';
import type { SurveyEdition } from '@zhibao/survey';
import { growthOf, type IndicatorValues } from './aggregation-indicators.ts';

// The official 汇总表 as data (its layout's words and figures), pure over what the service read: the .xlsx, the
// PDF, a pass-up's kept copy and a pass-up package are all drawn from it.

/** Last year's figures of one group of a section, and its 同口径 pair (the same enterprises in both years). */
export interface PriorYearOfGroup {
  lastYear: IndicatorValues | undefined;
  sameSetNow: IndicatorValues | undefined;
  sameSetBefore: IndicatorValues | undefined;
}

export type SectionKey = 'children' | 'byIndustry' | 'bySize' | 'byKeyEnterprise';

export interface OfficialSummaryInput {
  report: AggregationReport;
  edition: SurveyEdition;
  /** 表号 of the form the key indicators come from. */
  tableNo: string;
  /** The key indicators (软件业务收入 and its classes). */
  indicatorIds: string[];
  /** Each section's groups (by row key) last year and 同口径; null when there is no comparable task. */
  priorYear: Record<SectionKey, Map<string, PriorYearOfGroup>> | null;
  reportedOn: Date;
}

/** The ideographic space the printed forms align their labels with. */
export const GAP = '\u3000';

const sections: Array<[SectionKey, string]> = [
  ['children', '按地区分'],
  ['byIndustry', '按行业分'],
  ['bySize', '按规模分'],
  ['byKeyEnterprise', '按重点企业分'],
];

/** The 汇总表 of a region's report: header, 合计, each section's rows with 去年同期 and 增速, footer. */
export function buildOfficialSummaryTable(input: OfficialSummaryInput): OfficialSummaryTable {
  const { report, edition } = input;
  const indicators = input.indicatorIds
    .map((id) => report.indicators.find((indicator) => indicator.id === id))
    .filter((indicator) => indicator !== undefined);
  const validTo = edition.coverage[report.task.periodType].to;
  const rows: SummaryRow[] = [
    {
      kind: 'total',
      label: '合计',
      filingCount: report.filingCount,
      figures: indicators.map((indicator) => ({
        current: indicator.total,
        lastYear: indicator.lastYear,
        growth: indicator.growth,
        sameSetGrowth: indicator.sameSetGrowth,
      })),
    },
  ];
  for (const [key, title] of sections) {
    const sectionRows: AggregateRow[] = report[key];
    if (sectionRows.length === 0) continue;
    rows.push({ kind: 'section', label: title, filingCount: null, figures: [] });
    const prior = input.priorYear?.[key];
    for (const row of sectionRows) {
      const group = prior?.get(row.key);
      rows.push({
        kind: 'row',
        label: row.label,
        filingCount: row.filingCount,
        figures: indicators.map(({ id }): SummaryFigures => {
          const current = row.values[id] ?? null;
          const lastYear = prior ? (group?.lastYear?.[id] ?? null) : null;
          return {
            current,
            lastYear,
            growth: growthOf(current, lastYear),
            sameSetGrowth: growthOf(group?.sameSetNow?.[id] ?? null, group?.sameSetBefore?.[id] ?? null),
          };
        }),
      });
    }
  }
  const date = input.reportedOn;
  return {
    title: '软件和信息技术服务业主要指标汇总表',
    formLine:
      `表${GAP}${GAP}号：${input.tableNo}（汇总）${GAP}制定机关：${edition.authority}${GAP}批准机关：${edition.approvedBy}${GAP}` +
      `批准文号：${edition.approvalNo}${GAP}有效期至：${validTo + 1}年`,
    regionLine:
      `填报地区：${report.region.name}（${report.region.code}）${GAP}报告期：${report.task.periodLabel}${GAP}` +
      `计量单位：万元${GAP}报表数：${report.filingCount}${GAP}口径：${report.includeSubmitted ? '含已上报未审核' : '已审核'}`,
    region: { code: report.region.code, name: report.region.name },
    periodLabel: report.task.periodLabel,
    comparisonPeriodLabel: report.comparisonPeriodLabel,
    indicators: indicators.map(({ id, label, name }) => ({ id, label, name })),
    rows,
    footer:
      `单位负责人：${GAP}${GAP}${GAP}${GAP}统计负责人：${GAP}${GAP}${GAP}${GAP}填表人：${GAP}${GAP}${GAP}${GAP}` +
      `报出日期：${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`,
  };
}

/** 本期, 去年同期, 增速(%), 同口径增速(%): the four columns of each indicator. */
export const FIGURE_COLUMNS = ['本期', '去年同期', '增速(%)', '同口径增速(%)'] as const;

/** A row's figures as the table's columns, in order: four per indicator (blank for a section's title). */
export function figureColumnsOf(row: SummaryRow, indicatorCount: number): Array<number | null> {
  return Array.from({ length: indicatorCount }, (_, index) => {
    const figures = row.figures[index];
    return figures
      ? [figures.current, figures.lastYear, figures.growth, figures.sameSetGrowth]
      : [null, null, null, null];
  }).flat();
}

/** Whether a column (0-based among the figure columns) holds a growth rate rather than an amount. */
export const isGrowthColumn = (column: number) => column % FIGURE_COLUMNS.length >= 2;
