import { PDFDocument, rgb } from 'pdf-lib';
import { A4_PORTRAIT, Fonts, formatThousands, grey, PageWriter } from '../export/pdf-page-writer.ts';
import type { RegionBriefing } from './region-briefing.service.ts';

// 地区简报 on one sheet of A4: the key figures, coverage, the divisions ranked (a bar chart of 本期 against 去年同期,
// then the table) and the top enterprises. The chart is drawn with pdf-lib's own rectangles and lines.

const GAP = '\u3000';
const SIZE = 8;
const CHART_HEIGHT = 150;
const thisYear = rgb(0.16, 0.38, 0.67);
const lastYear = rgb(0.68, 0.78, 0.9);

/** A figure as printed: amounts with thousands to the cent, rates to two decimals, a blank as —. */
export function briefingFigure(value: number | null, kind: 'amount' | 'rate'): string {
  if (value === null) return '—';
  return kind === 'rate' ? value.toFixed(2) : formatThousands(value, 2);
}

const percentText = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((part / whole) * 100).toFixed(2)}%`;

/** The one-page briefing as a PDF, its Chinese text in a subset of the machine's font. */
export async function buildRegionBriefingPdf(briefing: RegionBriefing, cjkFont: Uint8Array): Promise<Buffer> {
  const document = await PDFDocument.create();
  const fonts = await Fonts.embed(document, cjkFont);
  document.setTitle(`地区简报 ${briefing.regionName} ${briefing.periodLabel}`);
  document.setCreator('软件和信息技术服务业统计直报系统');
  const writer = new PageWriter(document, fonts, { size: A4_PORTRAIT, margin: 40, line: 13 });
  const provisional = briefing.isProvisional ? '（初步）' : '';

  writer.text(`${briefing.regionName}软件和信息技术服务业简报`, { size: 16, isCentered: true });
  writer.gap(2);
  writer.text(
    `${briefing.taskName}${GAP}报告期：${briefing.periodLabel}${provisional}${GAP}` +
      `对比期：${briefing.comparisonPeriodLabel ?? '无'}${GAP}口径：${briefing.basisLabel}`,
    { size: 8, color: grey, isCentered: true },
  );
  if (briefing.isProvisional)
    writer.text('注：本期填报尚未截止，本期数与增速均为初步数，截止后会变化。', { size: 8, color: grey });

  // 一、主要指标
  writer.gap(4);
  writer.text('一、主要指标', { size: 11 });
  const hasEstimates = briefing.figures.some((figure) => figure.estimatedShare !== null);
  const figureWidths = hasEstimates ? [175, 40, 85, 85, 60, 70] : [205, 40, 95, 95, 80];
  const figureHeadings = ['指标', '单位', '本期', '去年同期', `增速(%)${provisional}`];
  const rightOf = (widths: number[], from: number) => widths.map((_, index) => index >= from);
  writer.cells(hasEstimates ? [...figureHeadings, '推算占比(%)'] : figureHeadings, figureWidths, {
    size: SIZE,
    isBoxed: true,
    isRightAligned: rightOf(figureWidths, 2),
  });
  for (const figure of briefing.figures) {
    const cells = [
      figure.name,
      figure.unit ?? '',
      briefingFigure(figure.total, 'amount'),
      briefingFigure(figure.lastYear, 'amount'),
      briefingFigure(figure.growth, 'rate'),
    ];
    if (hasEstimates) cells.push(briefingFigure(figure.estimatedShare, 'rate'));
    writer.cells(cells, figureWidths, {
      size: SIZE,
      isBoxed: true,
      isRightAligned: rightOf(figureWidths, 2),
    });
  }

  // 二、报送情况
  writer.gap(6);
  writer.text('二、报送情况', { size: 11 });
  const { expected, submitted, approved } = briefing.coverage;
  writer.text(
    `应报 ${expected} 户${GAP}已报 ${submitted} 户（${percentText(submitted, expected)}）${GAP}` +
      `已审 ${approved} 户（${percentText(approved, expected)}）` +
      (briefing.estimatedCount === null ? '' : `${GAP}推算 ${briefing.estimatedCount} 户`),
    { size: 9 },
  );

  // 三、下级地区排名 (or, for a region without divisions, the enterprises in the chart)
  writer.gap(6);
  const unit = briefing.headlineUnit ? `，${briefing.headlineUnit}` : '';
  const bars =
    briefing.regions.length > 0
      ? briefing.regions.map((row) => ({ label: row.name, now: row.total, before: row.lastYear }))
      : briefing.enterprises.map((row) => ({ label: row.name, now: row.total, before: row.lastYear }));
  writer.text(
    briefing.regions.length > 0
      ? `三、下级地区排名（按${briefing.headlineName}${unit}）`
      : `三、重点企业对比（${briefing.headlineName}${unit}）`,
    { size: 11 },
  );
  if (bars.length > 0) drawBarChart(writer, bars);
  if (briefing.regions.length > 0) {
    const widths = [24, 116, 78, 78, 50, 50, 42, 77];
    writer.cells(
      ['序号', '地区', '本期', '去年同期', '增速(%)', '贡献(点)', '占比(%)', '应报/已报/已审'],
      widths,
      { size: SIZE, isBoxed: true, isRightAligned: rightOf(widths, 2) },
    );
    briefing.regions.forEach((row, index) =>
      writer.cells(
        [
          String(index + 1),
          row.name,
          briefingFigure(row.total, 'amount'),
          briefingFigure(row.lastYear, 'amount'),
          briefingFigure(row.growth, 'rate'),
          briefingFigure(row.contribution, 'rate'),
          briefingFigure(row.share, 'rate'),
          `${row.coverage.expected}/${row.coverage.submitted}/${row.coverage.approved}`,
        ],
        widths,
        { size: SIZE, isBoxed: true, isRightAligned: rightOf(widths, 2) },
      ),
    );
  }

  // 四、重点企业
  writer.gap(6);
  writer.text(`四、${briefing.headlineName}前${briefing.enterprises.length}位企业`, { size: 11 });
  const widths = [24, 175, 80, 86, 58, 92];
  writer.cells(['序号', '企业', '地区', '本期', '增速(%)', '贡献(点)'], widths, {
    size: SIZE,
    isBoxed: true,
    isRightAligned: rightOf(widths, 3),
  });
  briefing.enterprises.forEach((row, index) =>
    writer.cells(
      [
        String(index + 1),
        row.name,
        row.regionName,
        briefingFigure(row.total, 'amount'),
        briefingFigure(row.growth, 'rate'),
        briefingFigure(row.contribution, 'rate'),
      ],
      widths,
      { size: SIZE, isBoxed: true, isRightAligned: rightOf(widths, 3) },
    ),
  );

  writer.gap(10);
  const date = briefing.reportedOn;
  writer.text(
    `报出日期：${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日${GAP}软件和信息技术服务业统计直报系统`,
    { size: 8, color: grey },
  );
  return Buffer.from(await document.save());
}

/** Pairs of bars (本期, 去年同期) per label on a zero baseline, with a legend and the scale's top value. */
function drawBarChart(
  writer: PageWriter,
  bars: Array<{ label: string; now: number | null; before: number | null }>,
) {
  writer.figure(CHART_HEIGHT, ({ page, fonts, x, y, width, height }) => {
    const axisLeft = x + 52;
    const bottom = y + 26;
    const top = y + height - 18;
    const plotWidth = x + width - axisLeft;
    const highest = Math.max(0, ...bars.flatMap((bar) => [bar.now ?? 0, bar.before ?? 0]));
    const lowest = Math.min(0, ...bars.flatMap((bar) => [bar.now ?? 0, bar.before ?? 0]));
    const span = highest - lowest || 1;
    const zero = bottom + ((0 - lowest) / span) * (top - bottom);
    const heightOf = (value: number) => (value / span) * (top - bottom);

    // Legend and scale.
    page.drawRectangle({ x: axisLeft, y: top + 8, width: 8, height: 6, color: thisYear });
    fonts.drawText(page, '本期', { x: axisLeft + 11, y: top + 8, size: 7 });
    page.drawRectangle({ x: axisLeft + 40, y: top + 8, width: 8, height: 6, color: lastYear });
    fonts.drawText(page, '去年同期', { x: axisLeft + 51, y: top + 8, size: 7 });
    for (const [value, at] of [[highest, top], [0, zero], ...(lowest < 0 ? [[lowest, bottom]] : [])] as Array<
      [number, number]
    >) {
      const label = formatThousands(value, 0);
      fonts.drawText(page, label, {
        x: axisLeft - 4 - fonts.widthOf(label, 6),
        y: at - 2,
        size: 6,
        color: grey,
      });
      page.drawLine({
        start: { x: axisLeft, y: at },
        end: { x: axisLeft + plotWidth, y: at },
        thickness: 0.3,
        color: grey,
      });
    }
    page.drawLine({
      start: { x: axisLeft, y: bottom },
      end: { x: axisLeft, y: top },
      thickness: 0.5,
      color: grey,
    });

    const slot = plotWidth / bars.length;
    const barWidth = Math.min(18, (slot - 8) / 2);
    bars.forEach((bar, index) => {
      const centre = axisLeft + slot * index + slot / 2;
      const draw = (value: number | null, left: number, color: typeof thisYear) => {
        if (value === null || value === 0) return;
        const barHeight = heightOf(value);
        page.drawRectangle({
          x: left,
          y: barHeight >= 0 ? zero : zero + barHeight,
          width: barWidth,
          height: Math.abs(barHeight),
          color,
        });
      };
      draw(bar.now, centre - barWidth, thisYear);
      draw(bar.before, centre, lastYear);
      let label = bar.label;
      while (label.length > 1 && fonts.widthOf(label, 6.5) > slot - 2) label = label.slice(0, -1);
      fonts.drawText(page, label, {
        x: centre - fonts.widthOf(label, 6.5) / 2,
        y: bottom - 10,
        size: 6.5,
      });
    });
  });
}
