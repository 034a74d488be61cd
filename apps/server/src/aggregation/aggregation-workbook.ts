import ExcelJS from 'exceljs';
import type { AggregateRow, AggregationReport } from '@zhibao/contracts';

/** The summary tables of an aggregation as an .xlsx workbook: totals with growth, then one sheet per breakdown. */
export async function buildAggregationWorkbook(report: AggregationReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '直报';
  const title = `${report.region.name} ${report.task.periodLabel} 汇总（${report.includeSubmitted ? '含已上报未审核' : '已审核'}）`;

  const summary = workbook.addWorksheet('汇总');
  summary.addRow([title]).font = { bold: true, size: 14 };
  summary.addRow([
    `报表数 ${report.filingCount}；去年同期 ${report.comparisonPeriodLabel ?? '无'}；同口径企业数 ${report.sameSetCount}`,
  ]);
  const header = summary.addRow([
    '代码',
    '指标名称',
    '计量单位',
    '本期',
    '去年同期',
    '增速(%)',
    '同口径本期',
    '同口径去年同期',
    '同口径增速(%)',
  ]);
  header.font = { bold: true };
  for (const indicator of report.indicators) {
    summary.addRow([
      indicator.label,
      indicator.name,
      indicator.unit ?? '',
      indicator.total,
      indicator.lastYear,
      indicator.growth,
      indicator.sameSetTotal,
      indicator.sameSetLastYear,
      indicator.sameSetGrowth,
    ]);
  }
  summary.columns.forEach((column, index) => {
    column.width = index === 1 ? 40 : 14;
  });

  const breakdown = (name: string, rows: AggregateRow[]) => {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow([
      name,
      '报表数',
      ...report.indicators.map((indicator) => `${indicator.label} ${indicator.name}`),
    ]).font = {
      bold: true,
    };
    for (const row of rows) {
      sheet.addRow([
        row.label,
        row.filingCount,
        ...report.indicators.map((indicator) => row.values[indicator.id] ?? null),
      ]);
    }
    sheet.getColumn(1).width = 36;
  };
  breakdown('分地区', report.children);
  if (report.enterprises.length > 0) breakdown('分企业', report.enterprises);
  breakdown('分行业', report.byIndustry);
  breakdown('分规模', report.bySize);
  breakdown('重点企业', report.byKeyEnterprise);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
