import ExcelJS from 'exceljs';
import type { PublicationReport } from '@zhibao/contracts';

// The published file: the publication table with every suppressed cell written as the sign below, never its value.

export const SUPPRESSED_SIGN = '×';
const FOOTNOTE = `注: “${SUPPRESSED_SIGN}”表示依《统计法》第二十五条为保护调查对象的商业秘密不予公布(含为防止推算而隐藏的单元格)。`;

function title(report: PublicationReport): string {
  return `${report.region.name} ${report.task.periodLabel} 软件业务收入(对外发布)`;
}

function header(report: PublicationReport): string[] {
  return ['地区', '行业', ...report.columns.map((column) => `${column.name}(${column.unit ?? ''})`)];
}

/** The headline's 增速 line: the figure only when published; an open period's marked 初步 and withheld. */
export function growthLine(report: PublicationReport): string {
  const { name, comparisonPeriodLabel, growth, status } = report.headlineGrowth;
  const label = `${name}增速(同比${comparisonPeriodLabel ? `，对比${comparisonPeriodLabel}` : ''})`;
  switch (status) {
    case 'published':
      return `${label}: ${growth!.toFixed(2)}%`;
    case 'provisional':
      return `${label}: 初步，暂不公布(本期填报尚未截止)`;
    case 'suppressed':
      return `${label}: ${SUPPRESSED_SIGN}`;
    case 'unavailable':
      return `${label}: —(无上年同期数据)`;
  }
}

function publishedRows(report: PublicationReport): Array<Array<string | number>> {
  return report.rows.map((row) => [
    row.regionLabel,
    row.industryLabel,
    ...row.cells.map((cell) => (cell.isSuppressed ? SUPPRESSED_SIGN : cell.value)),
  ]);
}

/** The publication as .xlsx: title, header, one row per region × industry, the footnote. */
export async function buildPublicationWorkbook(report: PublicationReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '直报';
  const sheet = workbook.addWorksheet('对外发布', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([title(report)]).font = { bold: true, size: 14 };
  sheet.addRow(header(report)).font = { bold: true };
  for (const values of publishedRows(report)) {
    const row = sheet.addRow(values);
    row.eachCell((cell, column) => {
      if (column > 2 && typeof cell.value === 'number') cell.numFmt = '#,##0.00';
      if (column > 2) cell.alignment = { horizontal: 'right' };
    });
  }
  sheet.addRow([growthLine(report)]);
  sheet.addRow([FOOTNOTE]);
  sheet.getColumn(1).width = 20;
  sheet.getColumn(2).width = 30;
  for (let column = 3; column <= 2 + report.columns.length; column++) sheet.getColumn(column).width = 18;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The publication as CSV (UTF-8 with BOM, so Excel reads the Chinese). */
export function buildPublicationCsv(report: PublicationReport): string {
  const quote = (value: string | number) => {
    const text = typeof value === 'number' ? value.toFixed(2) : value;
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [[title(report)], header(report), ...publishedRows(report), [growthLine(report)], [FOOTNOTE]];
  return `\uFEFF${lines.map((line) => line.map(quote).join(',')).join('\r\n')}\r\n`;
}
