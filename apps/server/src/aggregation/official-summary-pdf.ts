import type { OfficialSummaryTable } from '@zhibao/contracts';
import { PDFDocument } from 'pdf-lib';
import { A4_LANDSCAPE, Fonts, formatThousands, grey, PageWriter } from '../export/pdf-page-writer.ts';
import { FIGURE_COLUMNS, figureColumnsOf, GAP, isGrowthColumn } from './official-summary-table.ts';

// The official 汇总表 as a printable PDF on A4 landscape: the same header, rows, figures and footer as the .xlsx.
// Its many columns do not fit one sheet of paper: the indicators are printed a few at a time (one panel each,
// 续表), every panel repeating the row labels, and a page that fills up repeats the column headings.

/** Indicators per panel: two keep a nation's amounts (1,400,000,000.00 万元) legible at 7 pt. */
const INDICATORS_PER_PANEL = 2;
const LABEL_WIDTH = 150;
const COUNT_WIDTH = 40;
const SIZE = 7;

/** A figure as printed: amounts with thousands to the cent, growth rates to two decimals, a blank as —. */
export function printedFigure(value: number | null, isGrowth: boolean): string {
  if (value === null) return '—';
  return isGrowth ? value.toFixed(2) : formatThousands(value, 2);
}

/** The 汇总表 as a PDF, its Chinese text in a subset of the machine's font. */
export async function buildOfficialSummaryPdf(
  table: OfficialSummaryTable,
  cjkFont: Uint8Array,
): Promise<Buffer> {
  const document = await PDFDocument.create();
  const fonts = await Fonts.embed(document, cjkFont);
  document.setTitle(`${table.title} ${table.region.name} ${table.periodLabel}`);
  document.setCreator('软件和信息技术服务业统计直报系统');
  const writer = new PageWriter(document, fonts, { size: A4_LANDSCAPE, margin: 36, line: 13 });
  const panels: number[][] = [];
  for (let first = 0; first < table.indicators.length; first += INDICATORS_PER_PANEL)
    panels.push(
      table.indicators.slice(first, first + INDICATORS_PER_PANEL).map((_, offset) => first + offset),
    );
  const figureWidth =
    (writer.width - LABEL_WIDTH - COUNT_WIDTH) / (INDICATORS_PER_PANEL * FIGURE_COLUMNS.length);
  const widthsOf = (panel: number[]) => [
    LABEL_WIDTH,
    COUNT_WIDTH,
    ...panel.flatMap(() => FIGURE_COLUMNS.map(() => figureWidth)),
  ];

  panels.forEach((panel, index) => {
    if (index > 0) writer.pageBreak();
    writer.text(index === 0 ? table.title : `${table.title}（续表${index}）`, { size: 14, isCentered: true });
    writer.gap(4);
    writer.text(table.formLine, { size: 7, color: grey });
    writer.text(table.regionLine, { size: 8 });
    writer.gap(4);
    const widths = widthsOf(panel);
    const headings = () => {
      writer.cells(
        [
          '',
          '',
          ...panel.flatMap((at) => [
            `${table.indicators[at]!.label} ${table.indicators[at]!.name}`,
            '',
            '',
            '',
          ]),
        ],
        widths,
        { size: SIZE, isBoxed: false },
      );
      writer.cells(['地区 / 分组', '报表数', ...panel.flatMap(() => FIGURE_COLUMNS)], widths, {
        size: SIZE,
        isBoxed: true,
        isRightAligned: widths.map((_, column) => column > 0),
      });
    };
    headings();
    for (const row of table.rows) {
      if (!writer.hasRoomFor(13)) {
        writer.pageBreak();
        headings();
      }
      const all = figureColumnsOf(row, table.indicators.length);
      const figures = panel.flatMap((at) =>
        all
          .slice(at * FIGURE_COLUMNS.length, (at + 1) * FIGURE_COLUMNS.length)
          .map((value, column) =>
            row.kind === 'section' ? '' : printedFigure(value, isGrowthColumn(column)),
          ),
      );
      writer.cells(
        [
          row.kind === 'row' ? `${GAP}${row.label}` : row.label,
          row.filingCount === null ? '' : String(row.filingCount),
          ...figures,
        ],
        widths,
        { size: SIZE, isBoxed: true, isRightAligned: widths.map((_, column) => column > 0) },
      );
    }
    writer.gap(10);
    writer.text(table.footer, { size: 9 });
  });
  return Buffer.from(await document.save());
}
