import ExcelJS from 'exceljs';
import type { OfficialSummaryTable } from '@zhibao/contracts';
import { FIGURE_COLUMNS, figureColumnsOf, GAP, isGrowthColumn } from './official-summary-table.ts';

// The official 汇总表 a region sends up as .xlsx: the survey's fixed layout — header (表号, 制定机关, 批准机关,
// 批准文号, 有效期, region and period), rows by child region and by 行业 / 规模 / 重点企业, the key indicators
// each with 本期, 去年同期, 增速 and 同口径增速, and the footer the forms carry (单位负责人 … 报出日期).

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/** Excel's number formats of the table: amounts to the cent with thousands, growth rates to two decimals. */
export const AMOUNT_FORMAT = '#,##0.00';
export const GROWTH_FORMAT = '0.00';

/** The 汇总表 as .xlsx: borders, number formats to the cent, frozen header. */
export async function buildOfficialSummaryWorkbook(table: OfficialSummaryTable): Promise<Buffer> {
  const { indicators } = table;
  const width = 2 + indicators.length * FIGURE_COLUMNS.length;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '直报';
  const sheet = workbook.addWorksheet('汇总表', {
    views: [{ state: 'frozen', ySplit: 6, xSplit: 1 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  const wholeRow = (text: string, options: Partial<ExcelJS.Style> = {}) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, width);
    Object.assign(row.getCell(1), options);
    return row;
  };
  wholeRow(table.title, { font: { bold: true, size: 16 }, alignment: { horizontal: 'center' } });
  wholeRow(table.formLine, { alignment: { horizontal: 'right' } });
  wholeRow(table.regionLine);
  sheet.addRow([]);

  const first = sheet.addRow([
    '地区 / 分组',
    '报表数',
    ...indicators.flatMap((indicator) => [`${indicator.label} ${indicator.name}`, '', '', '']),
  ]);
  const second = sheet.addRow(['', '', ...indicators.flatMap(() => FIGURE_COLUMNS)]);
  sheet.mergeCells(first.number, 1, second.number, 1);
  sheet.mergeCells(first.number, 2, second.number, 2);
  indicators.forEach((_, i) => {
    const from = 3 + i * FIGURE_COLUMNS.length;
    sheet.mergeCells(first.number, from, first.number, from + FIGURE_COLUMNS.length - 1);
  });
  for (const row of [first, second])
    for (let column = 1; column <= width; column++)
      Object.assign(row.getCell(column), {
        font: { bold: true },
        alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
        border,
      });

  for (const tableRow of table.rows) {
    const isBold = tableRow.kind !== 'row';
    const label = tableRow.kind === 'row' ? `${GAP}${tableRow.label}` : tableRow.label;
    const row = sheet.addRow([label, tableRow.filingCount, ...figureColumnsOf(tableRow, indicators.length)]);
    for (let column = 1; column <= width; column++) {
      const cell = row.getCell(column);
      cell.border = border;
      if (isBold) cell.font = { bold: true };
      if (column === 2) cell.numFmt = '#,##0';
      if (column > 2) cell.numFmt = isGrowthColumn(column - 3) ? GROWTH_FORMAT : AMOUNT_FORMAT;
    }
  }

  sheet.addRow([]);
  wholeRow(table.footer);
  sheet.getColumn(1).width = 30;
  sheet.getColumn(2).width = 8;
  for (let column = 3; column <= width; column++) sheet.getColumn(column).width = 13;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
